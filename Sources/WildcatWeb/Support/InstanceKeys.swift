import Crypto
import Foundation
import NIOConcurrencyHelpers
import WildcatStore

/// The server's secret keys, shared by every node through the database and loaded before the
/// server starts taking requests.
final class InstanceKeys: Sendable {
    private let secret = NIOLockedValueBox<[UInt8]?>(nil)
    private let receipts = NIOLockedValueBox<ReceiptSigner?>(nil)

    init() {}

    /// For tests: keys known up front.
    init(secret: [UInt8]) { self.secret.withLockedValue { $0 = secret } }

    func load(from store: Store) async throws {
        let loaded = Array(try await store.instanceSecret().utf8)
        secret.withLockedValue { $0 = loaded }
    }

    /// The Ed25519 key that signs secret ballots' receipts: derived from the instance secret, so
    /// every node signs with the same one, and nothing more is stored.
    func receiptKey() throws -> Curve25519.Signing.PrivateKey {
        if let made = receipts.withLockedValue({ $0 }) { return made.key }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: mac("wildcat-receipt-key-v1"))
        receipts.withLockedValue { $0 = ReceiptSigner(key: key) }
        return key
    }

    /// HMAC-SHA256 of `message` under the instance secret.
    func mac(_ message: String) -> [UInt8] {
        guard let key = secret.withLockedValue({ $0 }) else { preconditionFailure("instance keys used before the server started") }
        return Array(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key)))
    }
}

/// swift-crypto does not mark the key Sendable; it is an immutable value, never changed once made.
private struct ReceiptSigner: @unchecked Sendable {
    let key: Curve25519.Signing.PrivateKey
}
