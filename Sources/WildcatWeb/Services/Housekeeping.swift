import Logging
import WildcatDomain
import WildcatStore

/// Deletes expired sessions, and messages past their assembly's retention rule (for real: the
/// rows are gone). Run every ten minutes by a `PeriodicService`.
struct Housekeeping: Sendable {
    let store: Store
    let clock: WallClock
    let logger: Logger

    func sweep() async {
        do {
            let now = clock.now()
            let sessions = try await store.purgeExpiredSessions(now: now)
            let messages = try await store.purgeExpiredMessages(now: now)
            if sessions + messages > 0 {
                logger.info("housekeeping", metadata: ["expiredSessions": "\(sessions)", "expiredMessages": "\(messages)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
    }
}
