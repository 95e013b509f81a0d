import SQLKit

/// The SQL dialects the store speaks. Migrations differ only where the two must.
public enum SQLDialectKind: Sendable { case sqlite, postgres }

/// A database the store reads from and writes to in transactions. Its background work (the
/// SQLite writer and checkpointer, PostgreSQL's connection pool) runs inside `run()`, which the
/// store runs as a service; writes wait until it runs.
protocol DatabaseEngine: Sendable {
    var kind: SQLDialectKind { get }
    /// Runs `body` against a connection that sees all committed writes.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of it is committed, durably, or none of it. `body`
    /// may run more than once (SQLite retries each write of a failed batch alone), so it must
    /// not have effects outside the transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body`, which sends exactly one statement, committed durably by itself (a statement
    /// is atomic on its own). On PostgreSQL it runs outside the writers' batches: one round trip
    /// instead of three (begin, the statement, commit). SQLite writes it as any other.
    func writeOneStatement<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Does the engine's background work until `shutDown()`; finishes the writes already
    /// accepted, then closes the connections.
    func run() async
    /// Refuses new writes and lets `run()` finish.
    func shutDown()
    /// Whether this node runs the background work; kept up to date by `run()`.
    var leadership: Leadership { get }
    /// Asks that the order in which recent writes were made be forgotten where the engine keeps
    /// it beside the data (SQLite's write-ahead log); see docs/secret-ballots.md.
    func forgetWriteOrder()
}
