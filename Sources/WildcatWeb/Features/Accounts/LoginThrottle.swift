import Foundation
import NIOConcurrencyHelpers
import WildcatDomain

/// How sign-in attempts are limited, without ever locking a member out. A saboteur who types
/// wrong passphrases for a coworker slows down attempts on that pseudonym from unknown devices,
/// a little more with each failure (never beyond `longestPause`); the attempts their own address
/// makes are refused once too many; and the member's own phone (a device that signed in as them
/// before) is not slowed at all.
final class LoginThrottle: Sendable {
    /// Failures on a pseudonym, from anywhere, before attempts on it slow down.
    static let freeFailures = 5
    static let firstPause = 0.25
    static let longestPause = 4.0
    static let window: TimeInterval = 15 * 60

    private struct Failures {
        var since: Date
        var count: Int
    }

    private struct State {
        var failures: [String: Failures] = [:]
        var pruning = PruneSchedule(floor: 50_000)
    }

    private let state = NIOLockedValueBox(State())

    /// The pause before checking a passphrase for this pseudonym (0 when it has not been failing).
    func pause(for key: String, now: Date) -> TimeInterval {
        let count = state.withLockedValue { state -> Int in
            guard let entry = state.failures[key], now.timeIntervalSince(entry.since) < Self.window else { return 0 }
            return entry.count
        }
        return Self.pause(afterFailures: count)
    }

    /// 0 up to `freeFailures`; then doubling from `firstPause` to at most `longestPause`.
    static func pause(afterFailures count: Int) -> TimeInterval {
        guard count > freeFailures else { return 0 }
        return min(firstPause * pow(2, Double(min(count - freeFailures - 1, 16))), longestPause)
    }

    func failed(_ key: String, now: Date) {
        state.withLockedValue { state in
            if state.pruning.isDue(state.failures.count) {
                state.failures = state.failures.filter { now.timeIntervalSince($0.value.since) < Self.window }
                state.pruning.swept(leaving: state.failures.count)
            }
            var entry = state.failures[key] ?? Failures(since: now, count: 0)
            if now.timeIntervalSince(entry.since) >= Self.window { entry = Failures(since: now, count: 0) }
            entry.count += 1
            state.failures[key] = entry
        }
    }

    /// The member got in: earlier failures on their pseudonym no longer slow anyone.
    func succeeded(_ key: String) {
        _ = state.withLockedValue { $0.failures.removeValue(forKey: key) }
    }
}
