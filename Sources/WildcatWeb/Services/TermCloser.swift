import Logging
import WildcatDomain
import WildcatStore

/// Ends delegates' terms when they fall due, checked by a `PeriodicService`: the seat is lost as
/// by a recall, so a term limit the assembly set holds even if nobody remembers it.
struct TermCloser: Sendable {
    let store: Store
    let clock: WallClock
    let logger: Logger

    func endDue() async {
        do {
            let ended = try await store.endTerms(now: clock.now())
            if ended > 0 { logger.info("delegates' terms ended", metadata: ["count": "\(ended)"]) }
        } catch {
            logger.error("ending terms failed", metadata: ["error": "\(error)"])
        }
    }
}
