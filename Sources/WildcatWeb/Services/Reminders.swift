import Foundation
import Logging
import WildcatDomain
import WildcatStore

/// An hour before a meeting, those who answered yes or maybe are reminded; an hour before a
/// shift, the members who took it. Through the alert channels (push, e-mail), once each:
/// checked by a `PeriodicService`, and marked in the same transaction that queues the alerts.
struct Reminders: Sendable {
    static let lead: TimeInterval = 3600
    let store: Store
    let clock: WallClock
    let logger: Logger

    func sendDue() async {
        do {
            let now = clock.now()
            let meetings = try await store.remindMeetings(now: now, lead: Self.lead)
            let shifts = try await store.remindShifts(now: now, lead: Self.lead)
            if meetings + shifts > 0 { logger.info("reminders queued", metadata: ["meetings": "\(meetings)", "shifts": "\(shifts)"]) }
        } catch {
            logger.error("queueing reminders failed", metadata: ["error": "\(error)"])
        }
    }
}
