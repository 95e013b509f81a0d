import NIOConcurrencyHelpers
import Testing
@testable import WildcatStore

/// Batches that a test lets finish when it chooses, recording the inputs of each.
private final class GatedBatches: Sendable {
    private let state = NIOLockedValueBox((batches: [[Int]](), gates: [CheckedContinuation<Void, Never>]()))

    var batches: [[Int]] { state.withLockedValue { $0.batches } }

    /// Each input's answer is ten times it, given once the test opens the gate.
    func run(_ inputs: [Int]) async -> [Int] {
        await withCheckedContinuation { gate in
            state.withLockedValue { $0.batches.append(inputs); $0.gates.append(gate) }
        }
        return inputs.map { $0 * 10 }
    }

    func openGates() {
        let gates = state.withLockedValue { state in defer { state.gates = [] }; return state.gates }
        for gate in gates { gate.resume() }
    }
}

private struct Broken: Error, Equatable {}

private func eventually(_ condition: () -> Bool) async throws {
    for _ in 0..<2_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
    #expect(condition())
}

@Suite struct BatchedCallsTests {
    @Test func aCallAloneRunsAtOnceInABatchOfItsOwn() async throws {
        let calls = BatchedCalls<Int, Int>(lanes: 1, maxBatch: 8)
        #expect(try await calls.call(4) { $0.map { $0 + 1 } } == 5)
        #expect(try await calls.call(6) { $0.map { $0 + 1 } } == 7)
    }

    @Test func callsArrivingWhileTheLanesAreBusyShareTheNextBatchEachWithItsOwnAnswer() async throws {
        let calls = BatchedCalls<Int, Int>(lanes: 2, maxBatch: 4)
        let gated = GatedBatches()
        let running = [1, 2].map { n in Task { try await calls.call(n) { await gated.run($0) } } }
        try await eventually { gated.batches.count == 2 }
        // Both lanes busy: these wait, and the next batches take at most four of them each.
        let waiting = (3...8).map { n in Task { try await calls.call(n) { await gated.run($0) } } }
        try await eventually { calls.queued == 6 }
        #expect(gated.batches.count == 2)
        gated.openGates()
        #expect(Set([try await running[0].value, try await running[1].value]) == [10, 20])
        try await eventually { gated.batches.count == 4 }
        #expect(calls.queued == 0)
        #expect(gated.batches.dropFirst(2).map(\.count).sorted() == [2, 4])
        gated.openGates()
        for (n, task) in zip(3...8, waiting) { #expect(try await task.value == n * 10) }
        #expect(gated.batches.flatMap { $0 }.sorted() == Array(1...8))
    }

    @Test func aBatchThatFailsOrAnswersWronglyFailsEachOfItsCallsAndTheNextStillRuns() async throws {
        let calls = BatchedCalls<Int, Int>(lanes: 1, maxBatch: 8)
        await #expect(throws: Broken.self) { try await calls.call(1) { _ in throw Broken() } }
        await #expect(throws: StoreError.self) { try await calls.call(1) { _ in [1, 2] } }
        #expect(try await calls.call(3) { $0 } == 3)
    }
}
