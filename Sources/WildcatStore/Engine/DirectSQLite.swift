import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import WildcatSQLite

/// A result row from a `SQLiteDirectConnection`.
struct SQLiteRowValues: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    private func value(_ column: String) throws -> SQLiteData {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.valueNotFound(SQLiteData.self, .init(codingPath: [], debugDescription: "no column \(column)"))
        }
        return values[index]
    }

    func decodeNil(column: String) throws -> Bool {
        if case .null = try value(column) { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = try value(column)
        // The store reads text and integers on every request; SQLiteDataDecoder's generic path
        // costs more than the query. Everything else goes through it.
        switch value {
        case .text(let text) where D.self == String.self: return text as! D
        case .text(let text) where D.self == String?.self: return String?(text) as! D
        case .integer(let number) where D.self == Int.self: return number as! D
        case .integer(let number) where D.self == Int?.self: return Int?(number) as! D
        case .null where D.self == Int?.self: return Int?.none as! D
        case .integer(let number) where D.self == Int64.self: return Int64(number) as! D
        case .integer(let number) where D.self == Int64?.self: return Int64?(Int64(number)) as! D
        case .null where D.self == Int64?.self: return Int64?.none as! D
        case .null where D.self == String?.self: return String?.none as! D
        default: return try SQLiteDataDecoder().decode(D.self, from: value)
        }
    }
}

/// SQLKit over a `SQLiteDirectConnection`: each query runs synchronously in the calling task,
/// from a cached prepared statement. SQLiteNIO sends every statement to a thread pool and back
/// through an event loop; at chat speed those hops, not SQLite, were the limit (bench/README.md).
struct DirectSQLiteDatabase: SQLDatabase {
    let connection: SQLiteDirectConnection
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try executeNow(query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try executeNow(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    private func executeNow(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        let encoder = SQLiteDataEncoder()
        let values = try binds.map { bind -> SQLiteValue in
            switch try encoder.encode(bind) {
            case .integer(let n): return .integer(Int64(n))
            case .float(let d): return .real(d)
            case .text(let text): return .text(text)
            case .blob(let buffer): return .blob(Array(buffer.readableBytesView))
            case .null: return .null
            }
        }
        try connection.run(sql, binds: values) { columns, row in
            onRow(SQLiteRowValues(columns: columns, values: row.map { value -> SQLiteData in
                switch value {
                case .integer(let n): return .integer(SQLiteInt64(n))
                case .real(let d): return .float(d)
                case .text(let text): return .text(text)
                case .blob(let bytes): return .blob(ByteBuffer(bytes: bytes))
                case .null: return .null
                }
            }))
        }
    }
}
