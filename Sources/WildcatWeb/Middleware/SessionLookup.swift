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

    func signedIn(token: String) async throws -> SignedIn? {
        guard SecretToken.looksValid(token) else { return nil }
        let now = clock.now()
        let tokenHash = SecretToken.hash(token)
        if let cached = cache.session(tokenHash: tokenHash, now: now) { return cached }
        guard case (var session, let account)? = try await store.session(tokenHash: tokenHash, now: now) else { return nil }
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
        return signedIn
    }
}
