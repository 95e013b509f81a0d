import NIOConcurrencyHelpers
import PostgresNIO

/// A connection from the pool within a time limit. The pool waits for a connection as long as
/// PostgreSQL is away (restarting, unreachable); a request would hang with it, and so would the
/// node's shutdown. Past the limit the wait is cancelled and the request fails, unanswered by
/// the database: nothing of it was done. Once a connection is leased, the work is never cut short.
struct BoundedLease: Sendable {
    let client: PostgresClient
    let watch: LeaseWatch

    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let (client, watch) = (self.client, self.watch)
        return try await withoutActuallyEscaping(body) { body in
            let work = UnsafeSendableBody(body: body)
            // The wait runs in a child task, so that giving up on it cancels the wait alone.
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask {
                    let waiting = withUnsafeCurrentTask { watch.add(WatchedTask(task: $0)) }
                    let leased = NIOLockedValueBox(false)
                    do {
                        return try await client.withConnection { connection in
                            // Too late: the watch gave up on this wait a moment ago.
                            guard watch.remove(waiting) else { throw StoreError.unreachable }
                            leased.withLockedValue { $0 = true }
                            return try await work.body(connection)
                        }
                    } catch {
                        if !leased.withLockedValue({ $0 }), !watch.remove(waiting) { throw StoreError.unreachable }
                        throw error
                    }
                }
                guard let result = try await group.next() else { throw StoreError.unreachable }
                return result
            }
        }
    }
}

/// Gives up on waits for a connection that have lasted `limit`: one clock for all of them,
/// ticking twice a second, rather than a timer each (a timer per lease was a tenth of a node's
/// CPU in a vote storm).
final class LeaseWatch: Sendable {
    /// Long enough for a busy pool; short enough that a client is answered.
    static let limit = Duration.seconds(10)

    private struct Waiting {
        let since: ContinuousClock.Instant
        let task: WatchedTask
    }

    private struct State {
        var next = 0
        var waiting: [Int: Waiting] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func add(_ task: WatchedTask) -> Int {
        state.withLockedValue { state in
            state.next += 1
            state.waiting[state.next] = Waiting(since: .now, task: task)
            return state.next
        }
    }

    /// False when the watch had given up on the wait (and cancelled it).
    func remove(_ id: Int) -> Bool {
        state.withLockedValue { $0.waiting.removeValue(forKey: id) != nil }
    }

    /// Cancels the waits older than `limit`. Under the lock: a task stays alive while its wait
    /// is registered, since it removes the wait before it can end.
    func giveUpOnStaleWaits(now: ContinuousClock.Instant = .now) {
        state.withLockedValue { state in
            for (id, waiting) in state.waiting where now - waiting.since >= Self.limit {
                state.waiting[id] = nil
                waiting.task.cancel()
            }
        }
    }

    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            giveUpOnStaleWaits()
        }
    }
}

/// The task waiting for a connection, to cancel; valid only while its wait is registered.
struct WatchedTask: @unchecked Sendable {
    private let task: UnsafeCurrentTask?

    init(task: UnsafeCurrentTask?) { self.task = task }

    func cancel() { task?.cancel() }
}

/// The caller's closure, run by a child task that the task group finishes before returning.
private struct UnsafeSendableBody<T>: @unchecked Sendable {
    let body: (PostgresConnection) async throws -> T
}
