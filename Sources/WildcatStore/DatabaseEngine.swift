import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit
import WildcatSQLite

/// The SQL dialects the store speaks. Migrations differ only where the two must.
public enum SQLDialectKind: Sendable { case sqlite, postgres }

/// A database the store reads from and writes to in transactions.
protocol DatabaseEngine: Sendable {
    var kind: SQLDialectKind { get }
    /// Runs `body` against a connection that sees all committed writes.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of it is committed, durably, or none of it.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

/// Embedded SQLite: one writer connection (SQLite allows one writer at a time) and a few readers,
/// in WAL mode with full fsync on commit so an acknowledged write survives a crash.
///
/// Writes are group-committed: whatever writes arrive while a commit is under way run together in
/// the next transaction, and all are acknowledged after that transaction's single fsync. Under
/// load this turns one fsync per write into one per batch; alone, a write commits at once. If a
/// write in a batch fails, the batch is rolled back and each write is retried in a transaction of
/// its own, so a failure only ever affects the write that failed.
final class SQLiteEngine: DatabaseEngine {
    let kind = SQLDialectKind.sqlite
    private let writer: SQLiteDirectConnection
    private let readers: AsyncPool<SQLiteDirectConnection>
    private let queue = WriteQueue()
    private let writerTask: Task<Void, Never>

    static func open(path: String, readers readerCount: Int = 3, logger: Logger) async throws -> SQLiteEngine {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let writer = try SQLiteDirectConnection(path: path, readOnly: false)
        // The writer never checkpoints itself (a checkpoint inside a commit stalls every write
        // queued behind it); a checkpointer connection copies the log back in the background.
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
                       "PRAGMA wal_autocheckpoint = 0", "PRAGMA journal_size_limit = 67108864"] {
            try writer.run(pragma, binds: []) { _, _ in }
        }
        let checkpointer = try SQLiteDirectConnection(path: path, readOnly: false)
        try checkpointer.run("PRAGMA busy_timeout = 10000", binds: []) { _, _ in }
        var readers: [SQLiteDirectConnection] = []
        for _ in 0..<readerCount {
            let reader = try SQLiteDirectConnection(path: path, readOnly: false)
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] {
                try reader.run(pragma, binds: []) { _, _ in }
            }
            readers.append(reader)
        }
        // The database holds sessions and secrets: keep it private to the operator.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + suffix)
        }
        return SQLiteEngine(writer: writer, readers: readers, checkpointer: checkpointer, logger: logger)
    }

    private init(writer: SQLiteDirectConnection, readers: [SQLiteDirectConnection], checkpointer: SQLiteDirectConnection, logger: Logger) {
        self.writer = writer
        self.readers = AsyncPool(readers)
        self.checkpointer = checkpointer
        let queue = self.queue
        let db = DirectSQLiteDatabase(connection: writer, logger: logger)
        // The single writer: drains the queue batch by batch until close() finishes it.
        let batches = NIOLockedValueBox(0)
        // The store's own threads for what waits on fsync: on the shared pool, a burst of
        // sign-ins (bcrypt) would hold every commit back behind it.
        let disk = NIOThreadPool(numberOfThreads: 2)
        disk.start()
        self.disk = disk
        self.writerTask = Task { await Self.runWriter(queue: queue, db: db, batches: batches, disk: disk) }
        self.checkpointTask = Task { await Self.runCheckpoints(checkpointer, after: batches, disk: disk, logger: logger) }
        self.logger = logger
    }

    private let checkpointer: SQLiteDirectConnection
    private let disk: NIOThreadPool
    private let checkpointTask: Task<Void, Never>
    /// How often the log is copied back into the database file.
    static let checkpointInterval = Duration.milliseconds(200)

    /// A PASSIVE checkpoint never blocks the writer or readers; what it cannot copy now (a reader
    /// still needs it) it copies next time. Runs on the thread pool: it waits for fsync. Skipped
    /// when nothing was written since the last one, so an idle store costs nothing.
    private static func runCheckpoints(_ connection: SQLiteDirectConnection, after batches: NIOLockedValueBox<Int>, disk: NIOThreadPool,
                                       logger: Logger) async {
        var checkpointed = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: checkpointInterval)
            let written = batches.withLockedValue { $0 }
            guard written != checkpointed else { continue }
            checkpointed = written
            do {
                try await disk.runIfActive { try connection.run("PRAGMA wal_checkpoint(PASSIVE)", binds: []) { _, _ in } }
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private let logger: Logger

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await readers.withResource { try await body(DirectSQLiteDatabase(connection: $0, logger: logger)) }
    }

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

    private static func runWriter(queue: WriteQueue, db: DirectSQLiteDatabase, batches: NIOLockedValueBox<Int>, disk: NIOThreadPool) async {
        while let batch = await queue.nextBatch() {
            defer { batches.withLockedValue { $0 += 1 } }
            var outcomes = await runTogether(batch, db: db, disk: disk)
            if outcomes == nil {
                // Something in the batch failed: undo it all and give each write its own
                // transaction, so one refused write cannot take the others down with it.
                outcomes = []
                for job in batch { outcomes!.append(contentsOf: await runTogether([job], db: db, disk: disk) ?? [job.lastOutcome()]) }
            }
            // Acknowledge only now, after the commit is durable.
            for (job, outcome) in zip(batch, outcomes!) { job.finish(outcome) }
        }
    }

    /// Runs jobs in one transaction. nil when one of them failed (all rolled back); for a single
    /// job its failure is then kept in `lastOutcome()`.
    private static func runTogether(_ jobs: [WriteQueue.Job], db: DirectSQLiteDatabase, disk: NIOThreadPool) async -> [Result<any Sendable, any Error>]? {
        var outcomes: [Result<any Sendable, any Error>] = []
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            return jobs.map { _ in .failure(error) }
        }
        for job in jobs {
            let outcome = await job.run(db)
            if case .failure = outcome {
                try? await db.raw("ROLLBACK").run()
                job.remember(outcome)
                return nil
            }
            outcomes.append(outcome)
        }
        do {
            // The commit waits for fsync: off the task threads, so other work goes on meanwhile.
            try await disk.runIfActive { try db.connection.run("COMMIT", binds: []) { _, _ in } }
        } catch {
            // The transaction itself failed (disk full, I/O error): nothing in it was stored.
            try? await db.raw("ROLLBACK").run()
            return jobs.map { _ in .failure(error) }
        }
        return outcomes
    }

    func close() async {
        queue.finish()
        await writerTask.value
        checkpointTask.cancel()
        await checkpointTask.value
        try? await disk.shutdownGracefully()
        // The last connection to close checkpoints the whole log and removes it.
        for connection in readers.all + [checkpointer, writer] {
            connection.close()
        }
    }
}

/// Writes waiting for the SQLite writer, taken in batches.
final class WriteQueue: Sendable {
    struct Job: Sendable {
        let run: @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>
        let finish: @Sendable (Result<any Sendable, any Error>) -> Void
        private let failure = NIOLockedValueBox<(any Error)?>(nil)

        init(run: @escaping @Sendable (any SQLDatabase) async -> Result<any Sendable, any Error>,
             finish: @escaping @Sendable (Result<any Sendable, any Error>) -> Void) {
            self.run = run
            self.finish = finish
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
        var waiter: CheckedContinuation<[Job]?, Never>?
        var finished = false
    }

    /// Bounds a batch so that one transaction stays short.
    static let maxBatch = 256
    private let state = NIOLockedValueBox(State())

    /// False once the queue is finished (the store is closing).
    func enqueue(_ job: Job) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<[Job]?, Never>?) = state.withLockedValue { state in
            guard !state.finished else { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
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
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func finish() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<[Job]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}

/// PostgreSQL through PostgresNIO's pooled client. Any number of server nodes may share it.
final class PostgresEngine: DatabaseEngine {
    let kind = SQLDialectKind.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    init(address: PostgresAddress, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS = address.requireTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.username,
            password: address.password, database: address.database, tls: tls
        )
        configuration.options.maximumConnections = 20
        // The pool warns when a lease races its own start-up below; real failures still throw.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.client = client
        // The pool works only while run() runs; close() cancels it.
        self.runner = Task { await client.run() }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = connection.sql(queryLogLevel: nil)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func close() async {
        runner.cancel()
        await runner.value
    }
}
