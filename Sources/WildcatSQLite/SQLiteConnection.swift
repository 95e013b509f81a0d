internal import CSQLite

/// A value in or out of SQLite.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// An error reported by libsqlite3.
public struct SQLiteFailure: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }

    /// A UNIQUE, CHECK, FOREIGN KEY or NOT NULL constraint refused the statement.
    public var isConstraint: Bool { code & 0xff == SQLITE_CONSTRAINT }
}

/// One connection to a SQLite database through the system's libsqlite3, used synchronously by
/// whoever holds it, with its prepared statements cached. A separate module so that this C
/// library and the copy of SQLite inside SQLiteNIO never meet in one compilation.
/// Not thread-safe: lend it to one task at a time.
public final class SQLiteDirectConnection: @unchecked Sendable {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    public let path: String

    public init(path: String, readOnly: Bool) throws {
        self.path = path
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            db = nil
            throw SQLiteFailure(code: status, message: "cannot open \(path): \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    public func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    /// Lends the raw handle, for SQLite APIs beyond statements (the backup API).
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "connection closed") }
        return try body(db)
    }

    /// The SQLite library's version, e.g. "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one statement with its bound values, calling `onRow` with the column names and the
    /// values of each result row.
    public func run(_ sql: String, binds: [SQLiteValue], onRow: ([String], [SQLiteValue]) throws -> Void) throws {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "connection closed") }
        let statement = try prepared(sql, db: db)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch value {
            case .integer(let n): status = sqlite3_bind_int64(statement, position, n)
            case .real(let d): status = sqlite3_bind_double(statement, position, d)
            case .text(let text): status = sqlite3_bind_text(statement, position, text, -1, csqlite_transient())
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            case .null: status = sqlite3_bind_null(statement, position)
            }
            guard status == SQLITE_OK else { throw failure(status, db) }
        }
        let count = sqlite3_column_count(statement)
        var columns: [String]?
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status, db) }
            if columns == nil { columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) } }
            var values: [SQLiteValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_TEXT: values.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let length = Int(sqlite3_column_bytes(statement, column))
                    let bytes = sqlite3_column_blob(statement, column)
                    values.append(.blob(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []))
                default: values.append(.null)
                }
            }
            try onRow(columns!, values)
        }
    }

    private func prepared(_ sql: String, db: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, db) }
        // Queries come from a fixed set of texts; migrations' one-off statements cap the cache.
        if statements.count < 500 { statements[sql] = statement }
        return statement
    }

    private func failure(_ status: Int32, _ db: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: status, message: String(cString: sqlite3_errmsg(db)))
    }
}
