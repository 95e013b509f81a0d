import Foundation
import Logging
import SQLKit
import WildcatDomain

/// The one façade over the database: named, transaction-scoped operations. Nothing else in
/// Wildcat writes SQL.
public final class Store: Sendable {
    let engine: any DatabaseEngine
    public let location: DatabaseLocation

    private init(engine: any DatabaseEngine, location: DatabaseLocation) {
        self.engine = engine
        self.location = location
    }

    /// Opens (and for SQLite creates) the database. Call `migrate()` before use.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Store {
        switch location {
        case .sqlite(let path):
            return Store(engine: try await SQLiteEngine.open(path: path, logger: logger), location: location)
        case .postgres(let address):
            return Store(engine: try PostgresEngine(address: address, logger: logger), location: location)
        }
    }

    /// Applies pending migrations; returns the ids applied now (empty when up to date).
    @discardableResult
    public func migrate(now: Date = Date()) async throws -> [Int] {
        try await Migrations.run(on: engine, now: now.storeMillis)
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

    public func close() async {
        await engine.close()
    }

    /// The instance's secret key (for CSRF tokens), made once and shared by every node.
    public func instanceSecret() async throws -> String {
        if let secret = try await setting("secret") { return secret }
        let fresh = RandomText.base64URL(bytes: 32)
        return try await engine.write { db in
            try await db.raw("INSERT INTO instance_settings (key, value) VALUES ('secret', \(bind: fresh)) ON CONFLICT (key) DO NOTHING").run()
            guard let row = try await db.raw("SELECT value FROM instance_settings WHERE key = 'secret'").first() else {
                throw StoreError.corruptRow("instance secret")
            }
            return try row.decode(column: "value", as: String.self)
        }
    }

    func setting(_ key: String) async throws -> String? {
        try await engine.read { db in
            try await db.raw("SELECT value FROM instance_settings WHERE key = \(bind: key)").first()?.decode(column: "value", as: String.self)
        }
    }
}

extension Date {
    /// Milliseconds since 1970: how the store keeps time, identically on both databases.
    var storeMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(storeMillis: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(storeMillis) / 1000)
    }
}

extension SQLRow {
    func date(_ column: String) throws -> Date {
        Date(storeMillis: try decode(column: column, as: Int64.self))
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decode(column: column, as: Int64?.self).map(Int.init)
    }

    func flag(_ column: String) throws -> Bool {
        try decode(column: column, as: Int64.self) != 0
    }

    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decode(column: column, as: String?.self)
    }
}
