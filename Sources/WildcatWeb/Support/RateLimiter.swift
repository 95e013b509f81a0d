import Foundation
import NIOConcurrencyHelpers
import WildcatDomain

/// Counts attempts per key in fixed windows, in memory. Each server node counts on its own (see
/// docs/security.md); memory stays bounded by pruning expired windows.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private struct State {
        var windows: [String: Window] = [:]
        var pruning = PruneSchedule(floor: 50_000)
    }

    private let state = NIOLockedValueBox(State())

    /// How many keys it holds now (live or not yet swept).
    var keysHeld: Int { state.withLockedValue { $0.windows.count } }

    /// Throws `Refusal.rateLimited` when the key is already over the limit, recording nothing.
    func refuseIfOver(_ key: String, _ limit: RateLimit, now: Date) throws {
        let retryAfter: Int? = state.withLockedValue { state in
            guard let window = state.windows[key], now.timeIntervalSince(window.start) < limit.window, window.count >= limit.count else { return nil }
            return max(1, Int((limit.window - now.timeIntervalSince(window.start)).rounded(.up)))
        }
        if let retryAfter { throw Refusal.rateLimited(retryAfterSeconds: retryAfter) }
    }

    /// Records one attempt; throws `Refusal.rateLimited` when over the limit.
    func check(_ key: String, _ limit: RateLimit, now: Date) throws {
        let retryAfter: Int? = state.withLockedValue { state in
            if state.pruning.isDue(state.windows.count) {
                state.windows = state.windows.filter { now.timeIntervalSince($0.value.start) < limit.window }
                state.pruning.swept(leaving: state.windows.count)
            }
            var window = state.windows[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= limit.window {
                window = Window(start: now, count: 0)
            }
            window.count += 1
            state.windows[key] = window
            guard window.count > limit.count else { return nil }
            return max(1, Int((limit.window - now.timeIntervalSince(window.start)).rounded(.up)))
        }
        if let retryAfter { throw Refusal.rateLimited(retryAfterSeconds: retryAfter) }
    }
}
