import Foundation
import WildcatDomain
import WildcatStore

/// Finds the live session for a token: from the access cache, else the store. Moves the
/// session's idle expiry along at most once a minute (written in batches by `SessionTouches`).
struct SessionLookup: Sendable {
    let store: Store
    let configuration: WebConfiguration
    let cache: AccessCache
    let touches: SessionTouches
    let clock: WallClock

    /// `path`: the request's. Under an assembly's path, the member's standing there comes in
    /// the same statement as the session, and `AssemblyAccessMiddleware` finds it remembered.
    func signedIn(token: String, path: String = "") async throws -> SignedIn? {
        guard SecretToken.looksValid(token) else { return nil }
        let now = clock.now()
        let tokenHash = SecretToken.hash(token)
        if let cached = cache.session(tokenHash: tokenHash, now: now) { return cached }
        var session: Session
        let account: Account
        var standing: (Assembly, Permissions.Access)?
        if let assemblyID = Self.assembly(underPath: path) {
            guard let found = try await store.session(tokenHash: tokenHash, now: now, standingIn: assemblyID) else { return nil }
            (session, account, standing) = found
        } else {
            guard let found = try await store.session(tokenHash: tokenHash, now: now) else { return nil }
            (session, account) = found
        }
        let absoluteEnd = session.createdAt.addingTimeInterval(configuration.sessionAbsoluteTimeout)
        guard now < absoluteEnd else {
            try await store.revokeSession(session.id, accountID: account.id, now: now)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            let expires = min(now.addingTimeInterval(configuration.sessionIdleTimeout), absoluteEnd)
            touches.note(session.id, lastSeen: now, expiresAt: expires)
            session = Session(id: session.id, accountID: session.accountID, device: session.device, createdAt: session.createdAt,
                              lastSeenAt: now, expiresAt: expires)
        }
        let signedIn = SignedIn(account: account, session: session)
        cache.remember(signedIn, tokenHash: tokenHash, now: now)
        if let (assembly, access) = standing { cache.remember(assembly, access: access, member: account.id, now: now) }
        return signedIn
    }

    /// The assembly a path is under: `/a/{id}/…` (pages) or `/api/v1/assemblies/{id}/…`.
    static func assembly(underPath path: String) -> ID<Assembly>? {
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), maxSplits: 4, omittingEmptySubsequences: false)
        let id: Substring.UTF8View.SubSequence
        if parts.count >= 3, parts[1].elementsEqual("a".utf8) {
            id = parts[2]
        } else if parts.count >= 5, parts[1].elementsEqual("api".utf8), parts[2].elementsEqual("v1".utf8), parts[3].elementsEqual("assemblies".utf8) {
            id = parts[4].split(separator: UInt8(ascii: "/"), maxSplits: 1, omittingEmptySubsequences: false).first ?? parts[4]
        } else {
            return nil
        }
        // As the access middleware: no lookup for an id that no assembly could have.
        guard !id.isEmpty, id.count <= 64 else { return nil }
        return ID(String(Substring(id)))
    }
}
