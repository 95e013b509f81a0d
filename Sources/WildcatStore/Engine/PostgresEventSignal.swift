import Logging
import PostgresNIO

/// The live fan-out's signal across nodes sharing one PostgreSQL: a ring here wakes this node at
/// once and, through `NOTIFY`, every other node, which `LISTEN`s. A notification carries nothing
/// (each node reads what is new from the event log), so rings that come together are sent as one,
/// and a node that lost its listening connection rings itself once it listens again, catching up
/// from the log: no gap, no repeat.
final class PostgresEventSignal: EventSignal {
    static let channel = "wildcat_events"
    private let local = LocalEventSignal()
    private let outgoing = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    func ring() {
        local.ring()
        outgoing.continuation.yield()
    }

    func wakeups() -> AsyncStream<Void> { local.wakeups() }

    /// Sends and receives notifications until cancelled.
    func run(client: PostgresClient, logger: Logger) async {
        let local = self.local
        let outgoing = self.outgoing.stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in outgoing {
                    do {
                        // A connection whose server vanished may never answer: give up on it.
                        try await Deadline.within(.seconds(5)) { _ = try await client.query("NOTIFY \(unescaped: Self.channel)") }
                    } catch {
                        logger.warning("could not notify the other nodes", metadata: ["error": "\(error)"])
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { connection in
                            try await connection.listen(on: Self.channel) { notifications in
                                local.ring()
                                for try await _ in notifications { local.ring() }
                            }
                        }
                    } catch {
                        if Task.isCancelled { return }
                        logger.warning("lost the connection listening to the other nodes; listening again", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(500))
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
