import Logging
import WildcatDomain
import WildcatStore

/// Closes proposals whose deadline has passed, checked every second by a `PeriodicService`.
/// Closing is exactly once by construction (the store closes only a proposal still open, in one
/// transaction), so several nodes, or a restart mid-way, cannot close one twice; one missed
/// while the server was down closes as soon as it is up again. Early closes (everyone voted)
/// happen where that can become true: a vote, a departure.
struct ProposalCloser: Sendable {
    let proposals: ProposalsService
    let logger: Logger

    func closeDue() async {
        do {
            try await proposals.closeDue()
        } catch {
            logger.error("closing proposals failed", metadata: ["error": "\(error)"])
        }
    }
}
