import NIOConcurrencyHelpers
import PostgresNIO

/// A connection from the pool within a time limit. The pool waits for a connection as long as
/// PostgreSQL is away (restarting, unreachable); a request would hang with it, and so would the
/// node's shutdown. Past the limit the wait is cancelled and the request fails, unanswered by
/// the database: nothing of it was done. Once a connection is leased, the work is never cut short.
struct BoundedLease: Sendable {
    let client: PostgresClient
    /// Long enough for a busy pool; short enough that a client is answered.
    static let limit = Duration.seconds(10)

    private enum Phase { case waiting, leased, gaveUp }

    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let phase = NIOLockedValueBox(Phase.waiting)
        let client = self.client
        return try await withoutActuallyEscaping(body) { body in
            let work = UnsafeSendableBody(body: body)
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        let go = phase.withLockedValue { phase in
                            guard phase == .waiting else { return false }
                            phase = .leased
                            return true
                        }
                        guard go else { throw StoreError.unreachable }
                        return try await work.body(connection)
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: Self.limit)
                    return nil
                }
                while let next = try await group.next() {
                    if let result = next {
                        group.cancelAll()
                        return result
                    }
                    // The timer: give up only if no connection came.
                    let gaveUp = phase.withLockedValue { phase in
                        guard phase == .waiting else { return false }
                        phase = .gaveUp
                        return true
                    }
                    if gaveUp {
                        group.cancelAll()
                        throw StoreError.unreachable
                    }
                }
                throw StoreError.unreachable
            }
        }
    }
}

/// The caller's closure, run by a child task that the task group finishes before returning.
private struct UnsafeSendableBody<T>: @unchecked Sendable {
    let body: (PostgresConnection) async throws -> T
}
