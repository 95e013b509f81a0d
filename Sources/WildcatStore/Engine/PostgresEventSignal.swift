import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The live fan-out's signal across nodes sharing one PostgreSQL: a ring here wakes this node at
/// once and, through `NOTIFY`, every other node, which `LISTEN`s. A notification carries nothing
/// (each node reads what is new from the event log), so rings that come together are sent as one,
/// and a node that lost its listening connection (or heard nothing on it for `silence`, its own
/// heartbeats included) rings itself once it listens again, catching up from the log: no gap, no
/// repeat.
final class PostgresEventSignal: EventSignal {
    static let channel = "wildcat_events"
    /// The payload of a heartbeat, which wakes nobody: it only proves the listening connection alive.
    static let beat = "beat"
    private let local = LocalEventSignal()
    private let outgoing = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(2))
    /// How often this node notifies a heartbeat, and how long its listening connection may hear
    /// nothing (not even its own heartbeats) before it is taken for dead: a server that vanished
    /// without closing the connection (a host gone, a network cut) never says so.
    let heartbeat: Duration
    let silence: Duration

    init(heartbeat: Duration = .seconds(10), silence: Duration = .seconds(30)) {
        self.heartbeat = heartbeat
        self.silence = silence
    }

    func ring() {
        local.ring()
        outgoing.continuation.yield("")
    }

    func wakeups() -> AsyncStream<Void> { local.wakeups() }

    private struct Silent: Error {}

    /// Sends and receives notifications until cancelled.
    func run(client: PostgresClient, logger: Logger) async {
        let (local, outgoing, continuation) = (self.local, self.outgoing.stream, self.outgoing.continuation)
        let (heartbeat, silence) = (self.heartbeat, self.silence)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await payload in outgoing {
                    do {
                        // A connection whose server vanished may never answer: give up on it.
                        try await Deadline.within(.seconds(5)) {
                            _ = try await client.query("SELECT pg_notify(\(Self.channel), \(payload))")
                        }
                    } catch {
                        logger.warning("could not notify the other nodes", metadata: ["error": "\(error)"])
                    }
                }
            }
            group.addTask {
                while (try? await Task.sleep(for: heartbeat)) != nil { continuation.yield(Self.beat) }
            }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await client.withConnection { connection in
                            try await Self.listen(on: connection, silence: silence, local: local)
                        }
                    } catch {
                        if Task.isCancelled { return }
                        let reason = error is Silent ? "heard nothing for \(silence)" : "\(error)"
                        logger.warning("lost the connection listening to the other nodes; listening again", metadata: ["error": "\(reason)"])
                        try? await Task.sleep(for: .milliseconds(500))
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Listens until the connection fails or falls silent; then closes it, which also ends a
    /// `LISTEN` still waiting for its answer. Rings once listening: what was missed is in the log.
    private static func listen(on connection: PostgresConnection, silence: Duration, local: LocalEventSignal) async throws {
        let heard = NIOLockedValueBox(ContinuousClock.now)
        let silent = NIOLockedValueBox(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await connection.listen(on: Self.channel) { notifications in
                    local.ring()
                    for try await notification in notifications {
                        heard.withLockedValue { $0 = .now }
                        if notification.payload != Self.beat { local.ring() }
                    }
                }
            }
            group.addTask {
                while heard.withLockedValue({ $0 }).duration(to: .now) < silence { try await Task.sleep(for: .milliseconds(500)) }
                silent.withLockedValue { $0 = true }
                try? await Deadline.within(.seconds(2)) { try await connection.close() }
                throw Silent()
            }
            defer { group.cancelAll() }
            do {
                try await group.next()
            } catch where silent.withLockedValue({ $0 }) {
                // The listener may fail first, on the connection the watch closed.
                throw Silent()
            }
        }
    }
}
