import NIOConcurrencyHelpers

/// Hands out a fixed set of resources (database connections) one task at a time, in order of
/// arrival. With one resource it is a fair async mutex: SQLite's single writer.
public final class AsyncPool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: [CheckedContinuation<Resource, Never>] = []
    }

    private let state: NIOLockedValueBox<State>
    let all: [Resource]

    public init(_ resources: [Resource]) {
        precondition(!resources.isEmpty)
        self.all = resources
        self.state = NIOLockedValueBox(State(idle: resources))
    }

    public func withResource<T>(_ body: (Resource) async throws -> T) async throws -> T {
        let resource = await acquire()
        defer { release(resource) }
        return try await body(resource)
    }

    private func acquire() async -> Resource {
        if let resource = state.withLockedValue({ $0.idle.popLast() }) { return resource }
        return await withCheckedContinuation { continuation in
            let resource: Resource? = state.withLockedValue { state in
                if let resource = state.idle.popLast() { return resource }
                state.waiters.append(continuation)
                return nil
            }
            if let resource { continuation.resume(returning: resource) }
        }
    }

    private func release(_ resource: Resource) {
        let waiter: CheckedContinuation<Resource, Never>? = state.withLockedValue { state in
            if state.waiters.isEmpty {
                state.idle.append(resource)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: resource)
    }
}
