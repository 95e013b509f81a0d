import Logging
import WildcatDomain
import WildcatStore

/// Deletes the pledgers of pledges whose deadline passed unreached, checked by a
/// `PeriodicService`: nobody is ever revealed. (A pledge made after the deadline is refused at
/// once, whatever this has swept.)
struct PledgeCloser: Sendable {
    let store: Store
    let clock: WallClock
    let logger: Logger

    func expireDue() async {
        do {
            let expired = try await store.expirePledges(now: clock.now())
            if expired > 0 { logger.info("pledges expired", metadata: ["count": "\(expired)"]) }
        } catch {
            logger.error("expiring pledges failed", metadata: ["error": "\(error)"])
        }
    }
}
