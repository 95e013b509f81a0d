import Crypto
import Foundation
import NIOConcurrencyHelpers
import WildcatDomain

/// The cost of a supporter sign-up, without any third-party service: the page carries a
/// challenge signed by this server; the browser's script finds a number that, hashed with it
/// (SHA-256), starts with `bits` zero bits (about 2^bits hashes, a fraction of a second on a
/// phone). A browser without scripts pays in time instead: its challenge must have been issued
/// `patience` seconds before. A challenge is good for one sign-up, within an hour.
final class ProofOfWork: Sendable {
    let bits: Int
    let patience: TimeInterval
    static let lifetime: TimeInterval = 3600
    private let keys: InstanceKeys
    /// Challenges already used, until they expire anyway.
    private let spent = NIOLockedValueBox<[String: Date]>([:])

    init(keys: InstanceKeys, bits: Int, patience: TimeInterval = 10) {
        self.keys = keys
        self.bits = bits
        self.patience = patience
    }

    /// "issued-seconds.random.signature", for one page.
    func challenge(now: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<12).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let body = "\(Int(now.timeIntervalSince1970)).\(random)"
        return body + "." + signature(body)
    }

    /// Checks and spends the challenge; throws the reason it does not count.
    func redeem(_ challenge: String, nonce: String?, now: Date) throws {
        let parts = challenge.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[2].utf8.count == 64, let issued = Int(parts[0]),
              Self.constantTimeEqual(parts[2], signature(parts[0] + "." + parts[1])) else {
            throw InputError(field: "challenge", "This form is not one this server made. Reload the page and try again.")
        }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age < Self.lifetime, age > -60 else {
            throw InputError(field: "challenge", "This form is more than an hour old. Reload the page and try again.")
        }
        if let nonce, !nonce.isEmpty {
            guard nonce.count <= 20, WorkProof.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(nonce)".utf8))) >= bits else {
                throw InputError(field: "challenge", "The browser's work did not check out. Reload the page and try again.")
            }
        } else if age < patience {
            throw InputError(field: "challenge", "Without scripts, a sign-up waits \(Int(patience)) seconds after the page opened. Wait a moment and send it again.")
        }
        let fresh = spent.withLockedValue { spent -> Bool in
            if spent.count > 100_000 { spent = spent.filter { now.timeIntervalSince($0.value) < Self.lifetime } }
            return spent.updateValue(now, forKey: challenge) == nil
        }
        guard fresh else { throw InputError(field: "challenge", "This form was already sent. Reload the page to sign up again.") }
    }

    /// For the load generator and tests: the number a browser's script would find.
    static func solve(_ challenge: String, bits: Int) -> String {
        var n = 0
        while WorkProof.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(n)".utf8))) < bits { n += 1 }
        return String(n)
    }

    private func signature(_ body: String) -> String {
        keys.mac("pow:\(body)").map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
