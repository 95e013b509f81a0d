import Logging
import ServiceLifecycle
import WildcatStore

/// A service that does one job every `interval` until the server shuts down, then once more if
/// asked (to write what it holds). The job handles its own errors; time to decide comes from the
/// environment's clock, the interval only paces it.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    /// Whether the job runs once more at shutdown (e.g. to flush what it batched).
    let finalRun: Bool
    /// The first run waits until the application is ready.
    let gate: StartGate
    let job: @Sendable () async -> Void
    /// For the work one node does for all (on PostgreSQL, the node holding the leader's lock):
    /// runs only while this node leads. nil: every node does it (what it holds itself).
    let leadership: Leadership?

    init(_ name: String, every interval: Duration, after gate: StartGate, finalRun: Bool = false, onlyLeading leadership: Leadership? = nil,
         job: @escaping @Sendable () async -> Void) {
        self.name = name
        self.interval = interval
        self.gate = gate
        self.finalRun = finalRun
        self.leadership = leadership
        self.job = job
    }

    func run() async throws {
        await gate.wait()
        // Cancelled at graceful shutdown: the sleep ends early and the loop stops.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if leadership?.isLeader ?? true { await job() }
                try await Task.sleep(for: interval)
            }
        }
        if finalRun, leadership?.isLeader ?? true { await job() }
    }
}
