import NIOConcurrencyHelpers
import SQLKit

/// Writes waiting for the SQLite writer, taken in batches.
final class WriteQueue: Sendable {
    struct Job: Sendable {
        let run: @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>
        let finish: @Sendable (Result<any Sendable, any Error>) -> Void
        private let failure = NIOLockedValueBox<(any Error)?>(nil)

        init(run: @escaping @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>,
             finish: @escaping @Sendable (Result<any Sendable, any Error>) -> Void) {
            self.run = run
            self.finish = finish
        }

        func remember(_ outcome: Result<any Sendable, any Error>) {
            if case .failure(let error) = outcome { failure.withLockedValue { $0 = error } }
        }

        func lastOutcome() -> Result<any Sendable, any Error> {
            .failure(failure.withLockedValue { $0 } ?? StoreError.closed)
        }
    }

    private struct State {
        var jobs: [Job] = []
        var waiter: CheckedContinuation<[Job]?, Never>?
        var finished = false
    }

    /// Bounds a batch so that one transaction stays short.
    static let maxBatch = 256
    private let state = NIOLockedValueBox(State())

    /// False once the queue is finished (the store is closing).
    func enqueue(_ job: Job) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<[Job]?, Never>?) = state.withLockedValue { state in
            guard !state.finished else { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            state.jobs.append(job)
            return (true, nil)
        }
        waiter?.resume(returning: [job])
        return accepted
    }

    /// The jobs queued so far (waiting for one if there are none); nil once finished and drained.
    func nextBatch() async -> [Job]? {
        await withCheckedContinuation { continuation in
            let ready: [Job]?? = state.withLockedValue { state in
                if !state.jobs.isEmpty {
                    let batch = Array(state.jobs.prefix(Self.maxBatch))
                    state.jobs.removeFirst(batch.count)
                    return .some(batch)
                }
                if state.finished { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func finish() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[Job]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}

