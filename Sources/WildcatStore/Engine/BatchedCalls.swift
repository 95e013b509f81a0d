import NIOConcurrencyHelpers

/// Calls that arrive together, run as one statement: while `lanes` batches run, callers queue,
/// and the next batch takes all of them (up to `maxBatch`). On PostgreSQL each statement is a
/// round trip with its own cost in the node and in the database, whatever it carries; a vote
/// storm's thousand sign-ins a second cost a few hundred statements instead of a thousand.
/// Alone, a call runs at once, as it would without batching.
final class BatchedCalls<Input: Sendable, Output: Sendable>: Sendable {
    private enum Turn: Sendable {
        case lead([Entry])
        case done(Result<Output, any Error>)
    }

    private struct Entry: Sendable {
        let input: Input
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var queued: [Entry] = []
        var running = 0
    }

    private let lanes: Int
    private let maxBatch: Int
    private let state = NIOLockedValueBox(State())

    init(lanes: Int, maxBatch: Int) {
        precondition(lanes > 0 && maxBatch > 0)
        self.lanes = lanes
        self.maxBatch = maxBatch
    }

    /// How many calls wait for a batch to take them (for tests).
    var queued: Int { state.withLockedValue { $0.queued.count } }

    /// `input`'s output from `run`, which is given the inputs of one batch and answers each in
    /// order. Every caller passes the same `run`: the batch's first caller's is the one used.
    func call(_ input: Input, run: @Sendable ([Input]) async throws -> [Output]) async throws -> Output {
        let turn: Turn = await withCheckedContinuation { continuation in
            let batch: [Entry]? = state.withLockedValue { state in
                state.queued.append(Entry(input: input, continuation: continuation))
                guard state.running < lanes else { return nil }
                state.running += 1
                return take(&state)
            }
            // The first of a batch leads it (this caller, when nothing was queued before it).
            if let batch { batch[0].continuation.resume(returning: .lead(batch)) }
        }
        switch turn {
        case .done(let outcome): return try outcome.get()
        case .lead(let batch):
            let outcomes: [Result<Output, any Error>]
            do {
                let outputs = try await run(batch.map(\.input))
                guard outputs.count == batch.count else { throw StoreError.corruptRow("a batch answered \(outputs.count) of \(batch.count) calls") }
                outcomes = outputs.map { .success($0) }
            } catch {
                outcomes = batch.map { _ in .failure(error) }
            }
            for (entry, outcome) in zip(batch, outcomes).dropFirst() { entry.continuation.resume(returning: .done(outcome)) }
            // Those who queued meanwhile: their first leads the next batch, in this lane.
            let next: [Entry]? = state.withLockedValue { state in
                if state.queued.isEmpty {
                    state.running -= 1
                    return nil
                }
                return take(&state)
            }
            if let next { next[0].continuation.resume(returning: .lead(next)) }
            return try outcomes[0].get()
        }
    }

    private func take(_ state: inout State) -> [Entry] {
        let batch = Array(state.queued.prefix(maxBatch))
        state.queued.removeFirst(batch.count)
        return batch
    }
}
