import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit

/// The SQL dialects the store speaks. Migrations differ only where the two must.
public enum SQLDialectKind: Sendable { case sqlite, postgres }

/// A database the store reads from and writes to in transactions.
protocol DatabaseEngine: Sendable {
    var kind: SQLDialectKind { get }
    /// Runs `body` against a connection that sees all committed writes.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of it is committed, durably, or none of it.
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

/// Embedded SQLite: one writer connection (SQLite allows one writer at a time) and a few readers,
/// in WAL mode with full fsync on commit so an acknowledged write survives a crash.
final class SQLiteEngine: DatabaseEngine {
    let kind = SQLDialectKind.sqlite
    private let writer: AsyncPool<SQLiteConnection>
    private let readers: AsyncPool<SQLiteConnection>

    static func open(path: String, readers readerCount: Int = 3, logger: Logger) async throws -> SQLiteEngine {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000"] {
            _ = try await writer.sql().raw("\(unsafeRaw: pragma)").all()
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] {
                _ = try await reader.sql().raw("\(unsafeRaw: pragma)").all()
            }
            readers.append(reader)
        }
        // The database holds sessions and secrets: keep it private to the operator.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + suffix)
        }
        return SQLiteEngine(writer: writer, readers: readers)
    }

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = AsyncPool([writer])
        self.readers = AsyncPool(readers)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await readers.withResource { try await body($0.sql(queryLogLevel: nil)) }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.withResource { connection in
            let db = connection.sql(queryLogLevel: nil)
            try await db.raw("BEGIN IMMEDIATE").run()
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
        for connection in readers.all + writer.all {
            try? await connection.close()
        }
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

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
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
