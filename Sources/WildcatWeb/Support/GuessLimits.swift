import Foundation
import WildcatDomain
import WildcatStore

/// The limits against guessing and flooding that must hold however many nodes serve: signing in,
/// signing up, looking up invites, supporters signing up. On PostgreSQL every node counts in the
/// database together, under keys hashed with the instance secret; on SQLite (one process) in
/// memory. Limits on ordinary writes stay per node (`RateLimiter`): see docs/security.md.
struct GuessLimits: Sendable {
    let local: RateLimiter
    let store: Store
    let keys: InstanceKeys

    /// Records one attempt; throws `Refusal.rateLimited` when over the limit.
    func check(_ key: String, _ limit: RateLimit, now: Date) async throws {
        guard store.sharedByNodes else { return try local.check(key, limit, now: now) }
        if let retry = try await store.countAttempt(keyHash: hash(key), limit: limit.count, window: limit.window, now: now) {
            throw Refusal.rateLimited(retryAfterSeconds: retry)
        }
    }

    /// Throws `Refusal.rateLimited` when the key is already at its limit, recording nothing.
    func refuseIfOver(_ key: String, _ limit: RateLimit, now: Date) async throws {
        guard store.sharedByNodes else { return try local.refuseIfOver(key, limit, now: now) }
        if let retry = try await store.attemptsExhausted(keyHash: hash(key), limit: limit.count, window: limit.window, now: now) {
            throw Refusal.rateLimited(retryAfterSeconds: retry)
        }
    }

    private func hash(_ key: String) -> String {
        keys.mac("wildcat-attempts-v1|" + key).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
