import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import WildcatDomain

/// bcrypt, off the event loops. The passphrase is first reduced with SHA-256 so that long
/// passphrases are not silently truncated at bcrypt's 72 bytes.
struct PassphraseHasher: Sendable {
    let cost: UInt8
    private let dummyHash: String

    init(cost: UInt8) {
        self.cost = cost
        self.dummyHash = Bcrypt.hash("wildcat-no-such-account", cost: cost)
    }

    func hash(_ passphrase: Passphrase) async throws -> String {
        let input = Self.prehash(passphrase.value)
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ passphrase: String, hash: String) async throws -> Bool {
        let input = Self.prehash(passphrase)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: hash) }
    }

    /// Spends the same time as a real check, so a missing account is not revealed by timing.
    func verifyAgainstNothing(_ passphrase: String) async throws {
        _ = try await verify(passphrase, hash: dummyHash)
    }

    private static func prehash(_ passphrase: String) -> String {
        Data(SHA256.hash(data: Data(passphrase.utf8))).base64EncodedString()
    }
}
