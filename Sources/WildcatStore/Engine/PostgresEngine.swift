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
    /// Finishes when the engine is told to shut down.
    private let stop = AsyncStream.makeStream(of: Void.self)

    init(address: PostgresAddress, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS = address.requireTLS ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.username,
            password: address.password, database: address.database, tls: tls
        )
        configuration.options.maximumConnections = 20
        // The pool warns when a lease races its own start-up; real failures still throw.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
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

    func shutDown() { stop.continuation.finish() }

    /// The pool works only while its `run()` runs: until `shutDown()`.
    func run() async {
        let client = self.client
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            for await _ in stop.stream {}
            group.cancelAll()
        }
    }
}
