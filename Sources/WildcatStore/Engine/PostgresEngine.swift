import Logging
import NIOSSL
import PostgresKit
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client. Any number of server nodes may share it.
final class PostgresEngine: DatabaseEngine {
    /// PostgreSQL's write-ahead log is the server's own (archived, replicated): not ours to erase.
    func forgetWriteOrder() {}

    let kind = SQLDialectKind.postgres
    private let client: PostgresClient
    private let queue = WriteQueue()
    private let leases = LeaseWatch()
    let leadership = Leadership(held: false)
    /// The advisory lock that the leading node holds (any number; Wildcat's own).
    static let leaderLock: Int64 = 7_283_002
    /// How often a node that does not lead tries to.
    static let leaderRetry = Duration.seconds(2)
    /// Writers, each committing its own batches side by side: a write's round trips, not the
    /// disk, pace one writer.
    static let writers = 4
    private let signal: PostgresEventSignal
    private let logger: Logger
    /// Finishes when the engine is told to shut down.
    private let stop = AsyncStream.makeStream(of: Void.self)

    init(address: PostgresAddress, signal: PostgresEventSignal, logger: Logger) throws {
        self.signal = signal
        var configuration = Self.configuration(for: address)
        configuration.options.maximumConnections = 20
        // The pool warns when a lease races its own start-up; real failures still throw.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.logger = logger
    }

    static func configuration(for address: PostgresAddress) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = address.requireTLS ? .require(.makeClientConfiguration()) : .disable
        return PostgresClient.Configuration(host: address.host, port: address.port, username: address.username,
                                            password: address.password, database: address.database, tls: tls)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // A read sent as PostgreSQL goes down can lose its answer: the connection closes and the
        // query is never answered or failed (seen when it restarted mid-run). Past the limit the
        // reader goes on with `StoreError.noAnswer`, as a write batch does, instead of waiting
        // for ever and holding up the node's shutdown.
        let (client, leases) = (self.client, self.leases)
        return try await Deadline.within(Self.readLimit) {
            try await BoundedLease(client: client, watch: leases).withConnection { connection in
                try await body(PostgresSession(connection))
            }
        }
    }

    /// Longer than any read takes and than the wait for a connection (`LeaseWatch.limit`).
    static let readLimit = Duration.seconds(15)

    /// Writes go to this node's writers, each of which commits those that arrive together in one
    /// transaction: one commit's fsync for the batch, and a row every write updates (an invite's
    /// uses) locked once per batch rather than once per write, held through each fsync in turn.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let result: Result<any Sendable, any Error> = await withCheckedContinuation { continuation in
            let job = WriteQueue.Job(
                run: { db in
                    do { return .success(try await body(db)) } catch { return .failure(error) }
                },
                finish: { continuation.resume(returning: $0) }
            )
            if !queue.enqueue(job) { continuation.resume(returning: .failure(StoreError.closed)) }
        }
        return try result.get() as! T
    }

    /// On a pooled connection in autocommit: PostgreSQL commits (and, with `synchronous_commit`
    /// on, flushes) the statement before answering it. Given up after `readLimit`, as a read.
    func writeOneStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(body)
    }

    func shutDown() {
        queue.finish()
        stop.continuation.finish()
    }

    /// The pool and the writer work only while `run()` runs: until `shutDown()`, and then until
    /// every accepted write has its answer.
    func run() async {
        let client = self.client
        let (signal, logger) = (self.signal, self.logger)
        await withTaskGroup(of: Void.self) { pool in
            pool.addTask { await client.run() }
            // The pool outlives what uses it: a lease cancelled after the pool stopped would
            // never be answered (the leader waiting for a connection after PostgreSQL restarted).
            await withTaskGroup(of: Void.self) { users in
                users.addTask { await signal.run(client: client, logger: logger) }
                users.addTask { await self.lead() }
                users.addTask { await self.leases.run() }
                await withTaskGroup(of: Void.self) { work in
                    for _ in 0..<Self.writers { work.addTask { await self.runWriter() } }
                    for await _ in stop.stream {}
                }
                users.cancelAll()
            }
            pool.cancelAll()
        }
    }

    /// Tries for the leader's lock until it holds it, then holds it on its connection (checked
    /// every second) until cancelled or the connection fails, then tries again.
    private func lead() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    while !Task.isCancelled {
                        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(Self.leaderLock))", logger: logger)
                        var held = false
                        for try await value in rows.decode(Bool.self) { held = value }
                        if held {
                            if leadership.set(true) { logger.info("this node now runs the background work") }
                            while !Task.isCancelled {
                                try await Task.sleep(for: .seconds(1))
                                // Unanswered for 5 s: the lock is as good as lost (PostgreSQL
                                // ends a session's locks with it); another node may lead now.
                                try await Deadline.within(.seconds(5)) { [logger] in _ = try await connection.query("SELECT 1", logger: logger) }
                            }
                        }
                        try await Task.sleep(for: Self.leaderRetry)
                    }
                }
            } catch {
                if leadership.set(false) { logger.warning("this node stopped running the background work", metadata: ["error": "\(error)"]) }
                if Task.isCancelled { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        leadership.set(false)
    }

    /// Drains the queue, a batch at a time on a connection leased for it. When the database
    /// cannot be reached (PostgreSQL restarting), the batch fails unacknowledged, and so do the
    /// writes queued behind it, at once rather than after a wait: a client not answered may try again.
    private func runWriter() async {
        while let batch = await queue.nextBatch() {
            do {
                // A batch takes milliseconds; one unanswered for 15 s ran on a connection whose
                // server vanished mid-query (such a query never ends): its writers are told.
                let (client, leases) = (self.client, self.leases)
                try await Deadline.within(.seconds(15)) {
                    try await BoundedLease(client: client, watch: leases).withConnection { connection in
                        let db = PostgresSession(connection)
                        let transaction = BatchTransaction(
                            begin: { try await db.raw("BEGIN").run() },
                            commit: { try await db.raw("COMMIT").run() },
                            rollback: { try? await db.raw("ROLLBACK").run() })
                        let (outcomes, _) = await transaction.run(batch, db: db)
                        for (job, outcome) in zip(batch, outcomes) { job.complete(outcome) }
                    }
                }
            } catch StoreError.noAnswer {
                logger.error("a write batch got no answer from the database in 15 s")
                for job in batch { job.complete(.failure(StoreError.noAnswer)) }
            } catch {
                logger.warning("a write could not reach the database", metadata: ["error": "\(error)"])
                for job in batch + queue.takeWaiting() { job.complete(.failure(error)) }
            }
        }
    }
}
