import NIOConcurrencyHelpers
import Testing
@testable import WildcatStore

/// A read that a test lets finish when it chooses, counting the reads begun.
private final class GatedReads: Sendable {
    private let state = NIOLockedValueBox((begun: 0, gates: [CheckedContinuation<Void, Never>]()))

    var begun: Int { state.withLockedValue { $0.begun } }

    /// The value is the read's number: 1 for the first read begun, 2 for the next.
    func read() async -> Int {
        await withCheckedContinuation { gate in
            state.withLockedValue { $0.begun += 1; $0.gates.append(gate) }
        }
        return state.withLockedValue { $0.begun }
    }

    func openGates() {
        let gates = state.withLockedValue { state in defer { state.gates = [] }; return state.gates }
        for gate in gates { gate.resume() }
    }
}

private func eventually(_ condition: () -> Bool) async throws {
    for _ in 0..<2_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
    #expect(condition())
}

@Suite struct CoalescedReadsTests {
    @Test func callersWhoAskDuringAReadShareTheNextOneNotTheRunningOne() async throws {
        let reads = CoalescedReads<String, Int>()
        let gated = GatedReads()
        let first = Task { try await reads.value(for: "p") { await gated.read() } }
        try await eventually { gated.begun == 1 }
        // These ask after the first read began: its value may predate their commits.
        let later = (0..<10).map { _ in Task { try await reads.value(for: "p") { await gated.read() } } }
        try await eventually { reads.waiting(for: "p") == 10 }
        #expect(gated.begun == 1)
        gated.openGates()
        #expect(try await first.value == 1)
        try await eventually { gated.begun == 2 }
        #expect(reads.waiting(for: "p") == 9)
        gated.openGates()
        for task in later { #expect(try await task.value == 2) }
        #expect(gated.begun == 2)
        #expect(reads.waiting(for: "p") == 0)
    }

    @Test func aCallerAloneReadsAtOnceAndKeysDoNotShare() async throws {
        let reads = CoalescedReads<String, Int>()
        let gated = GatedReads()
        let a = Task { try await reads.value(for: "a") { await gated.read() } }
        let b = Task { try await reads.value(for: "b") { await gated.read() } }
        try await eventually { gated.begun == 2 }
        gated.openGates()
        #expect(Set([try await a.value, try await b.value]) == [2])
        // Nobody reading: the next caller reads again rather than reuse an old value.
        #expect(try await reads.value(for: "a") { 7 } == 7)
    }

    @Test func aFailedReadFailsOnlyThoseWhoWaitedForIt() async throws {
        struct Lost: Error {}
        let reads = CoalescedReads<String, Int>()
        let gate = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
        let failing = Task {
            try await reads.value(for: "p") {
                await withCheckedContinuation { c in gate.withLockedValue { $0 = c } }
                throw Lost()
            }
        }
        try await eventually { gate.withLockedValue { $0 != nil } }
        let next = Task { try await reads.value(for: "p") { 5 } }
        try await eventually { reads.waiting(for: "p") == 1 }
        gate.withLockedValue { $0!.resume() }
        await #expect(throws: Lost.self) { try await failing.value }
        #expect(try await next.value == 5)
    }
}
