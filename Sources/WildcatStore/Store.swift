import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import WildcatDomain

/// The one façade over the database: named, transaction-scoped operations that keep the
/// schema's invariants. Nothing else in Wildcat writes SQL.
///
/// The store is a service: its background work (SQLite's writer and checkpointer, PostgreSQL's
/// pool) runs in `run()`, which an application runs with its other services (or
/// `Store.withRunning` around a command). Shutting down gracefully finishes the writes already
/// accepted before the connections close.
public final class Store: Service, Sendable {
    let engine: any DatabaseEngine
    public let location: DatabaseLocation
    /// Rings after a transaction that recorded live events has committed.
    public let events: any EventSignal
    /// Drafts never change once stored, so a proposal's draft is decoded once (decoding it was
    /// most of a vote's work), with the assembly it belongs to.
    let drafts = Memo<String, (assembly: String, draft: ProposalDraft)>()
    /// Rules decoded by their stored text: the text is the key, so an entry is never stale.
    let decodedRules = Memo<String, AssemblyRules>()
    /// A proposal's ballot count read after a commit, shared by the voters who committed together.
    let ballotCounts = CoalescedReads<String, Int>()
    /// PostgreSQL: sign-ins looked up together, one statement for those that arrive together.
    /// One batch at a time: more arrive per batch, and each costs the node less (measured in
    /// bench/README.md against two at a time).
    let sessionLookups = BatchedCalls<SessionQuery, SessionFound?>(lanes: 1, maxBatch: 128)
    /// PostgreSQL: open ballots cast together, one statement for those that arrive together.
    let openBallots = BatchedCalls<OpenBallot, Bool>(lanes: 1, maxBatch: 128)

    private init(engine: any DatabaseEngine, location: DatabaseLocation, events: any EventSignal) {
        self.engine = engine
        self.location = location
        self.events = events
    }

    /// Opens (and for SQLite creates) the database. Nothing is read or written until `run()`
    /// runs; then call `migrate()`. On PostgreSQL the live signal reaches every node sharing it.
    public static func open(_ location: DatabaseLocation, logger: Logger) throws -> Store {
        switch location {
        case .sqlite(let path):
            return Store(engine: try SQLiteEngine.open(path: path, logger: logger), location: location, events: LocalEventSignal())
        case .postgres(let address):
            let signal = PostgresEventSignal()
            return Store(engine: try PostgresEngine(address: address, signal: signal, logger: logger), location: location, events: signal)
        }
    }

    /// Runs until graceful shutdown or cancellation, then finishes accepted writes and closes.
    public func run() async throws {
        let engine = self.engine
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await engine.run()
            } onGracefulShutdown: {
                engine.shutDown()
            }
        } onCancel: {
            engine.shutDown()
        }
    }

    /// Whether this node runs the background work (exactly one node of those sharing a
    /// PostgreSQL database does).
    public var leadership: Leadership { engine.leadership }

    /// Stops accepting writes; `run()` returns once those accepted are committed.
    public func shutDown() { engine.shutDown() }

    /// Opens the store, runs it while `body` runs, then shuts it down: for commands that use the
    /// store without a server.
    public static func withRunning<T>(_ location: DatabaseLocation, logger: Logger, _ body: (Store) async throws -> T) async throws -> T {
        let store = try open(location, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            do {
                let result = try await body(store)
                store.shutDown()
                try await group.waitForAll()
                return result
            } catch {
                store.shutDown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// Applies pending migrations; returns the ids applied now (empty when up to date).
    @discardableResult
    public func migrate(now: Date) async throws -> [Int] {
        try await Migrations.run(on: engine, now: now.storeMillis)
    }

    /// How many tables the database holds (for a backup's progress).
    public func tableCount() async throws -> Int {
        try await engine.read { db in
            let sql: SQLQueryString = self.engine.kind == .postgres
                ? "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'"
            return try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The schema version the database is at.
    public func schemaVersion() async throws -> Int {
        try await engine.read { db in
            try await db.raw("SELECT MAX(id) AS v FROM wildcat_migrations").first()?.decode(column: "v", as: Int?.self) ?? 0
        }
    }

    /// Cheap round trip for health checks.
    public func ping() async throws {
        _ = try await engine.read { db in try await db.raw("SELECT 1 AS one").first() }
    }

    /// Runs `body` in one transaction and, once it has committed, rings `events` if it recorded
    /// any live event (so the fan-out reads them at once, whichever operation wrote them).
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        let recorder = Transaction.Recorder()
        let result = try await engine.write { db in try await body(Transaction(db: db, recorder: recorder)) }
        if recorder.recordedEvents { events.ring() }
        return result
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await engine.read(body)
    }

    /// The instance's secret key (for anti-forgery tokens), made once and shared by every node.
    public func instanceSecret() async throws -> String {
        if let secret = try await setting("secret") { return secret }
        let fresh = RandomText.base64URL(bytes: 32)
        return try await write { tx in
            try await tx.db.raw("INSERT INTO instance_settings (key, value) VALUES ('secret', \(bind: fresh)) ON CONFLICT (key) DO NOTHING").run()
            guard let row = try await tx.db.raw("SELECT value FROM instance_settings WHERE key = 'secret'").first() else {
                throw StoreError.corruptRow("instance secret")
            }
            return try row.decode(column: "value", as: String.self)
        }
    }

    /// A value the instance makes once (its VAPID key, say), shared by every node: the first
    /// node to ask stores `make()`'s, and every node reads that one.
    public func instanceValue(_ key: String, make: @Sendable () -> String) async throws -> String {
        if let value = try await setting(key) { return value }
        let fresh = make()
        return try await write { tx in
            try await tx.db.raw("INSERT INTO instance_settings (key, value) VALUES (\(bind: key), \(bind: fresh)) ON CONFLICT (key) DO NOTHING").run()
            guard let row = try await tx.db.raw("SELECT value FROM instance_settings WHERE key = \(bind: key)").first() else {
                throw StoreError.corruptRow("instance setting \(key)")
            }
            return try row.decode(column: "value", as: String.self)
        }
    }

    func setting(_ key: String) async throws -> String? {
        try await read { db in
            try await db.raw("SELECT value FROM instance_settings WHERE key = \(bind: key)").first()?.decode(column: "value", as: String.self)
        }
    }
}
