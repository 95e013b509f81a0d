import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import WildcatSQLite

/// Embedded SQLite: one writer connection (SQLite allows one writer at a time) and a few readers,
/// in WAL mode with full fsync on commit so an acknowledged write survives a crash.
///
/// Writes are group-committed: whatever writes arrive while a commit is under way run together in
/// the next transaction, and all are acknowledged after that transaction's single fsync. Under
/// load this turns one fsync per write into one per batch; alone, a write commits at once. If a
/// write in a batch fails, the batch is rolled back and each write is run again in a transaction of
/// its own, so a failure only ever affects the write that failed (and a write's body may run twice).
final class SQLiteEngine: DatabaseEngine {
    let kind = SQLDialectKind.sqlite
    /// One process writes a SQLite database: it leads.
    let leadership = Leadership(held: true)
    private let writer: SQLiteDirectConnection
    private let checkpointer: SQLiteDirectConnection
    private let inUse: SQLiteFileLock
    private let readers: AsyncPool<SQLiteDirectConnection>
    private let queue = WriteQueue()
    /// Transactions committed so far; the checkpointer skips its turn when none were.
    private let batches = NIOLockedValueBox(0)
    /// Set when the next checkpoint should empty the log file too (TRUNCATE, not PASSIVE).
    private let truncateNext = NIOLockedValueBox(false)
    private let logger: Logger
    /// How often the log is copied back into the database file.
    static let checkpointInterval = Duration.milliseconds(200)
    /// Checkpoint turns without a write before a long log is emptied (50: ten seconds). Emptying
    /// a 1.2 GB log took 0.35 s, and a write arriving meanwhile waits: after a second's quiet, the
    /// next burst often began during it (send p99 127 ms); ten seconds' quiet rarely ends so.
    private let quietTurns: Int
    /// A log longer than this many pages, once copied back whole, is emptied when the store is quiet.
    private let largeLogFrames: Int64

    /// `largeLogFrames`: 16,384 pages of 4 KB, 64 MB.
    static func open(path: String, readers readerCount: Int = 3, largeLogFrames: Int64 = 16_384, quietTurns: Int = 50, logger: Logger) throws -> SQLiteEngine {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let writer = try SQLiteDirectConnection(path: path, readOnly: false)
        // Held while the database is open, so that `wildcat restore` never replaces it under us.
        let inUse: SQLiteFileLock
        do { inUse = try SQLiteFileLock(path: path, exclusive: false) } catch is SQLiteFileLock.Busy {
            throw BackupFailure("\(path) is being restored: try again when `wildcat restore` has finished")
        }
        // The writer never checkpoints itself (a checkpoint inside a commit stalls every write
        // queued behind it); a checkpointer connection copies the log back in the background.
        // Nor does it cut the log file short when it starts it over (journal_size_limit): cutting
        // a gigabyte left by one load, at the start of the next, made every load after the first
        // stall (send p99 200 ms instead of 26 ms). The checkpointer empties it once all is quiet.
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
                       "PRAGMA wal_autocheckpoint = 0", "PRAGMA journal_size_limit = -1"] {
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
        return SQLiteEngine(writer: writer, readers: readers, checkpointer: checkpointer, inUse: inUse, largeLogFrames: largeLogFrames,
                            quietTurns: quietTurns, logger: logger)
    }

    private init(writer: SQLiteDirectConnection, readers: [SQLiteDirectConnection], checkpointer: SQLiteDirectConnection, inUse: SQLiteFileLock,
                 largeLogFrames: Int64, quietTurns: Int, logger: Logger) {
        self.largeLogFrames = largeLogFrames
        self.quietTurns = quietTurns
        self.inUse = inUse
        self.writer = writer
        self.readers = AsyncPool(readers)
        self.checkpointer = checkpointer
        self.logger = logger
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
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
        // A full (or failing) disk refuses the write; the server goes on serving what is stored.
        if case .failure(let failure as SQLiteFailure) = result, [10, 13].contains(failure.code & 0xFF) {
            logger.error("the database could not be written: the disk is full or failing", metadata: ["error": "\(failure)"])
            throw StoreError.cannotWrite
        }
        return try result.get() as! T
    }

    func writeOneStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await write(body)
    }

    func shutDown() { queue.finish() }

    func forgetWriteOrder() { truncateNext.withLockedValue { $0 = true } }

    /// The writer and the checkpointer, on the store's own two threads for what waits on fsync
    /// (on NIO's shared pool, a burst of sign-ins hashing passphrases would hold every commit
    /// back). Returns once every accepted write is committed; then closes the connections.
    func run() async {
        let disk = NIOThreadPool(numberOfThreads: 2)
        disk.start()
        let db = DirectSQLiteDatabase(connection: writer, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.runWriter(db: db, disk: disk) }
            group.addTask { await self.runCheckpoints(disk: disk) }
            await group.next()
            group.cancelAll()
        }
        try? await disk.shutdownGracefully()
        // The last connection to close checkpoints the whole log and removes it.
        for connection in readers.all + [checkpointer, writer] {
            connection.close()
        }
        inUse.release()
    }

    /// A PASSIVE checkpoint never blocks the writer or readers; what it cannot copy now (a reader
    /// still needs it) it copies next time. Skipped when nothing was written since the last one,
    /// so an idle store costs nothing. A long log, once copied back whole, is emptied after ten
    /// quiet seconds (TRUNCATE then has nothing to copy; a write arriving during it waits).
    private func runCheckpoints(disk: NIOThreadPool) async {
        var checkpointed = 0
        var quiet = 0
        var lastLog: Int64 = -1
        var longLogCopied = false
        let connection = checkpointer
        while (try? await Task.sleep(for: Self.checkpointInterval)) != nil {
            let written = batches.withLockedValue { $0 }
            let forget = truncateNext.withLockedValue { wanted in defer { wanted = false }; return wanted }
            let emptyLongLog = longLogCopied && quiet >= quietTurns
            guard written != checkpointed || forget || emptyLongLog else {
                quiet += 1
                continue
            }
            checkpointed = written
            do {
                // TRUNCATE waits for readers and briefly holds writers back, then empties the log
                // file: the order of what was written (who took a secret ballot's token just before
                // which ballot arrived) no longer lies beside the database.
                let mode = forget || emptyLongLog ? "TRUNCATE" : "PASSIVE"
                let (log, copied) = try await disk.runIfActive {
                    var result: (log: Int64, copied: Int64) = (0, 0)
                    try connection.run("PRAGMA wal_checkpoint(\(mode))", binds: []) { _, row in
                        // busy, pages in the log, pages copied back
                        guard row.count == 3, case .integer(let log) = row[1], case .integer(let copied) = row[2] else { return }
                        result = (log, copied)
                    }
                    return result
                }
                // A transaction that changed nothing (a periodic job with nothing to do) leaves the
                // log as it was: the store is still quiet.
                quiet = log == lastLog ? quiet + 1 : 0
                lastLog = log
                longLogCopied = log > largeLogFrames && copied == log
            } catch is CancellationError {
                return
            } catch {
                logger.warning("checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The single writer: drains the queue batch by batch until it is finished and empty.
    private func runWriter(db: DirectSQLiteDatabase, disk: NIOThreadPool) async {
        let transaction = BatchTransaction(
            begin: { try await db.raw("BEGIN IMMEDIATE").run() },
            // The commit waits for fsync: off the task threads, so other work goes on meanwhile.
            commit: { try await disk.runIfActive { try db.connection.run("COMMIT", binds: []) { _, _ in } } },
            rollback: { try? await db.raw("ROLLBACK").run() })
        while let batch = await queue.nextBatch() {
            defer { batches.withLockedValue { $0 += 1 } }
            let (outcomes, _) = await transaction.run(batch, db: db)
            // Acknowledge only now, after the commit is durable.
            for (job, outcome) in zip(batch, outcomes) { job.complete(outcome) }
        }
    }
}
