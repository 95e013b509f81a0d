import Foundation
import Logging
import WildcatDomain
import WildcatStore

/// Deletes expired sessions, messages past their assembly's retention rule (for real: the rows
/// are gone), alerts sent over a week ago, and
/// guessing limits' windows over a day old. Run every ten minutes by a `PeriodicService`.
struct Housekeeping: Sendable {
    let store: Store
    let clock: WallClock
    let logger: Logger

    func sweep() async {
        do {
            let now = clock.now()
            let sessions = try await store.purgeExpiredSessions(now: now)
            let messages = try await store.purgeExpiredMessages(now: now)
            let alerts = try await store.purgeSentAlerts(before: now.addingTimeInterval(-7 * 86400))
            try await store.purgeAttemptWindows(now: now)
            if sessions + messages + alerts > 0 {
                logger.info("housekeeping", metadata: ["expiredSessions": "\(sessions)", "expiredMessages": "\(messages)", "sentAlerts": "\(alerts)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
    }
}
