import Foundation

/// Where the store keeps its data: an embedded SQLite file, or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Parses `postgres://user:pass@host:port/db?sslmode=require`; anything else is an error.
    public static func postgres(url: String) throws -> DatabaseLocation {
        .postgres(try PostgresAddress(url: url))
    }

    /// For logs: never includes a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let address): return "postgres://\(address.username)@\(address.host):\(address.port)/\(address.database)"
        }
    }
}

/// The parts of a PostgreSQL URL.
public struct PostgresAddress: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    public init(host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    public init(url: String) throws {
        guard let components = URLComponents(string: url),
              components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty
        else { throw StoreError.badDatabaseURL("expected postgres://user:password@host:port/database") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw StoreError.badDatabaseURL("the URL names no database") }
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        guard ["disable", "require", "verify-full"].contains(sslmode) else {
            throw StoreError.badDatabaseURL("sslmode must be disable, require or verify-full")
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database,
            requireTLS: sslmode != "disable"
        )
    }

    /// The same server, another database (used by tests to make throwaway databases).
    public func with(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }
}

/// Failures of the store itself, as opposed to refusals by the rules.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case badDatabaseURL(String)
    case migrationFailed(id: Int, String)
    case newerSchema(found: Int, known: Int)
    case corruptRow(String)
    case closed
    /// The disk is full or failing: nothing was written.
    case cannotWrite
    /// The database could not be reached in time: nothing was done.
    case unreachable
    /// The database did not answer a write in time: it may or may not have been done.
    case noAnswer

    public var description: String {
        switch self {
        case .badDatabaseURL(let why): return "bad database URL: \(why)"
        case .migrationFailed(let id, let why): return "migration \(id) failed: \(why)"
        case .newerSchema(let found, let known): return "the database has schema version \(found), newer than this build knows (\(known)); upgrade Wildcat"
        case .corruptRow(let what): return "unreadable row: \(what)"
        case .cannotWrite: return "the database could not be written (the disk is full or failing)"
        case .unreachable: return "the database could not be reached"
        case .noAnswer: return "the database did not answer in time"
        case .closed: return "the database is closed"
        }
    }
}
