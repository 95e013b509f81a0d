import NIOConcurrencyHelpers
import SQLKit

/// Writes waiting for the engine's writer, taken in batches.
final class WriteQueue: Sendable {
    struct Job: Sendable {
        let run: @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>
        private let finish: @Sendable (Result<any Sendable, any Error>) -> Void
        private let failure = NIOLockedValueBox<(any Error)?>(nil)
        private let finished = NIOLockedValueBox(false)

        init(run: @escaping @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>,
             finish: @escaping @Sendable (Result<any Sendable, any Error>) -> Void) {
            self.run = run
            self.finish = finish
        }

        /// Answers the writer; only the first answer counts (a batch given up on for taking too
        /// long may still end later).
        func complete(_ outcome: Result<any Sendable, any Error>) {
            let first = finished.withLockedValue { finished in defer { finished = true }; return !finished }
            if first { finish(outcome) }
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
        /// Writers waiting for work (PostgreSQL runs several; SQLite one).
        var waiters: [CheckedContinuation<[Job]?, Never>] = []
        var finished = false
    }

    /// Bounds a batch so that one transaction stays short.
    static let maxBatch = 256
    private let state = NIOLockedValueBox(State())

    /// False once the queue is finished (the store is closing).
    func enqueue(_ job: Job) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<[Job]?, Never>?) = state.withLockedValue { state in
            guard !state.finished else { return (false, nil) }
            if !state.waiters.isEmpty { return (true, state.waiters.removeFirst()) }
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
                state.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The jobs queued now, without waiting: for failing them when the database is unreachable.
    func takeWaiting() -> [Job] {
        state.withLockedValue { state in
            defer { state.jobs.removeAll() }
            return state.jobs
        }
    }

    func finish() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<[Job]?, Never>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}


/// How an engine runs its queued writes: a batch in one transaction, so that one commit (one
/// fsync) acknowledges all of it; when one write in it fails, the batch is undone and each write
/// runs in a transaction of its own, so one refused write cannot take the others down with it.
struct BatchTransaction: Sendable {
    let begin: @Sendable () async throws -> Void
    let commit: @Sendable () async throws -> Void
    let rollback: @Sendable () async -> Void

    /// The outcome of each job, once durable. `connectionFailed` is set when beginning or
    /// committing failed: nothing of the batch was stored.
    func run(_ batch: [WriteQueue.Job], db: any SQLDatabase) async -> (outcomes: [Result<any Sendable, any Error>], connectionFailed: Bool) {
        if let outcomes = await together(batch, db: db) { return outcomes }
        var outcomes: [Result<any Sendable, any Error>] = []
        for job in batch {
            guard let alone = await together([job], db: db) else {
                outcomes.append(job.lastOutcome())
                continue
            }
            outcomes += alone.outcomes
            if alone.connectionFailed {
                return (outcomes + batch.dropFirst(outcomes.count).map { _ in alone.outcomes[0] }, true)
            }
        }
        return (outcomes, false)
    }

    /// nil when a job failed (all rolled back; for a single job its failure is kept in `lastOutcome()`).
    private func together(_ jobs: [WriteQueue.Job], db: any SQLDatabase) async -> (outcomes: [Result<any Sendable, any Error>], connectionFailed: Bool)? {
        do { try await begin() } catch { return (jobs.map { _ in .failure(error) }, true) }
        var outcomes: [Result<any Sendable, any Error>] = []
        for job in jobs {
            let outcome = await job.run(db)
            if case .failure = outcome {
                await rollback()
                job.remember(outcome)
                return nil
            }
            outcomes.append(outcome)
        }
        do {
            try await commit()
        } catch {
            // The transaction itself failed (disk full, I/O error, a lost connection): nothing in it was stored.
            await rollback()
            return (jobs.map { _ in .failure(error) }, true)
        }
        return (outcomes, false)
    }
}
