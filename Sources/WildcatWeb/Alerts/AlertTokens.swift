import Foundation
import WildcatDomain

/// Links in e-mail that work without signing in: each carries a MAC of what it allows, under the
/// instance secret, so nobody can make one for another member.
struct AlertTokens: Sendable {
    let keys: InstanceKeys

    func unsubscribe(_ account: ID<Account>) -> String { Base64URL.encode(keys.mac("unsubscribe:\(account)")) }

    /// Bound to the sealed address: changing the address voids the old link.
    func confirm(_ account: ID<Account>, sealed: String) -> String { Base64URL.encode(keys.mac("confirm-email:\(account):\(sealed)")) }

    /// Compared in constant time.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
