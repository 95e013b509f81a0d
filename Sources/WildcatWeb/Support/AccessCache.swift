import Foundation
import NIOConcurrencyHelpers
import WildcatDomain

/// A few seconds' memory of live sessions and memberships, so that a busy page or API client
/// does not cost two database reads per request. This node forgets an entry at once when it
/// ends a session or sees a member leave (the live fan-out reports departures from every node);
/// another node's revocation takes effect here within `ttl`. See docs/security.md.
final class AccessCache: Sendable {
    private struct Entry<Value: Sendable>: Sendable {
        let value: Value
        let until: Date
    }

    private struct State: Sendable {
        var sessions: [String: Entry<SignedIn>] = [:]
        var memberships: [String: Entry<(Assembly, Permissions.Access)>] = [:]
        var memberCounts: [ID<Assembly>: Entry<Int>] = [:]
    }

    let ttl: TimeInterval
    private let state = NIOLockedValueBox(State())
    private static let maxEntries = 100_000

    init(ttl: TimeInterval = 5) { self.ttl = ttl }

    func session(tokenHash: String, now: Date) -> SignedIn? {
        state.withLockedValue { $0.sessions[tokenHash].flatMap { $0.until > now ? $0.value : nil } }
    }

    func remember(_ signedIn: SignedIn, tokenHash: String, now: Date) {
        guard ttl > 0 else { return }
        state.withLockedValue { state in
            if state.sessions.count > Self.maxEntries { state.sessions = state.sessions.filter { $0.value.until > now } }
            state.sessions[tokenHash] = Entry(value: signedIn, until: now.addingTimeInterval(ttl))
        }
    }

    func forget(session id: ID<Session>) {
        state.withLockedValue { $0.sessions = $0.sessions.filter { $0.value.value.session.id != id } }
    }

    func forget(account id: ID<Account>) {
        state.withLockedValue { state in
            state.sessions = state.sessions.filter { $0.value.value.account.id != id }
            state.memberships = state.memberships.filter { !$0.key.hasPrefix(id.rawValue + "|") }
        }
    }

    /// An assembly's member count as last looked up, for deciding cheaply that not everyone has
    /// voted yet (counting 100,000 members on every vote would be the vote's main cost).
    func memberCount(of assembly: ID<Assembly>, now: Date) -> Int? {
        state.withLockedValue { $0.memberCounts[assembly].flatMap { $0.until > now ? $0.value : nil } }
    }

    func remember(memberCount: Int, of assembly: ID<Assembly>, now: Date) {
        guard ttl > 0 else { return }
        state.withLockedValue { $0.memberCounts[assembly] = Entry(value: memberCount, until: now.addingTimeInterval(ttl)) }
    }

    func assembly(_ id: ID<Assembly>, member: ID<Account>, now: Date) -> (Assembly, Permissions.Access)? {
        state.withLockedValue { $0.memberships[Self.key(member, id)].flatMap { $0.until > now ? $0.value : nil } }
    }

    func remember(_ assembly: Assembly, access: Permissions.Access, member: ID<Account>, now: Date) {
        guard ttl > 0 else { return }
        state.withLockedValue { state in
            if state.memberships.count > Self.maxEntries { state.memberships = state.memberships.filter { $0.value.until > now } }
            state.memberships[Self.key(member, assembly.id)] = Entry(value: (assembly, access), until: now.addingTimeInterval(ttl))
        }
    }

    /// Forgets every member's copy of an assembly (its name or rules changed).
    func forget(assembly: ID<Assembly>) {
        let suffix = "|" + assembly.rawValue
        state.withLockedValue {
            $0.memberships = $0.memberships.filter { !$0.key.hasSuffix(suffix) }
            $0.memberCounts[assembly] = nil
        }
    }

    /// Forgets what the account may see: a departure from an assembly also ends what it observed
    /// there (its committees).
    func forget(memberships member: ID<Account>) {
        let prefix = member.rawValue + "|"
        state.withLockedValue { $0.memberships = $0.memberships.filter { !$0.key.hasPrefix(prefix) } }
    }

    private static func key(_ account: ID<Account>, _ assembly: ID<Assembly>) -> String {
        "\(account.rawValue)|\(assembly.rawValue)"
    }
}
