import Logging
import NIOConcurrencyHelpers
import PostgresKit
import SQLKit

/// A statement on a hot path (every request, every ballot). On PostgreSQL it is prepared once
/// per connection and then only bound and run: parsing and planning it every time cost more of
/// the database's time in a vote storm than running it (`log_min_duration_statement`: a ballot's
/// statement 0.16 ms parse, 0.38 ms bind with its plan, 0.29 ms run). On SQLite it runs as any
/// other (its engine keeps statements prepared already).
protocol HotStatement {
    /// Names the statement on each connection; unique among hot statements.
    static var name: String { get }
}

extension SQLDatabase {
    /// The rows of `query`, a statement whose text is the same on every call (only its bound
    /// values change): PostgreSQL keeps it prepared.
    func hotRows<Statement: HotStatement>(_: Statement.Type, _ query: SQLQueryString) async throws -> [any SQLRow] {
        guard let session = self as? PostgresSession else { return try await raw(query).all() }
        let (sql, binds) = serialize(query)
        // A name used for two texts would run the first one's plan: run the second unprepared.
        guard PreparedTexts.shared.record(sql, for: Statement.name) else {
            assertionFailure("the hot statement \(Statement.name) changed its text")
            return try await raw(query).all()
        }
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case let text as String: bindings.append(text)
            case let number as Int64: bindings.append(number)
            case let number as Int: bindings.append(Int64(number))
            // Arrays carry the rows of a batch (`unnest`), so its text is the same at any size.
            case let texts as [String]: bindings.append(texts)
            case let numbers as [Int64]: bindings.append(numbers)
            default: throw StoreError.corruptRow("a hot statement binds only text, integers and arrays of them")
            }
        }
        let connection = session.connection
        var rows: [any SQLRow] = []
        for try await row in try await connection.execute(Prepared<Statement>(bindings: bindings), logger: connection.logger) {
            rows.append(row.sql())
        }
        return rows
    }
}

/// The texts of the hot statements, as first serialized (PostgresNIO reads a prepared
/// statement's text from its type).
private final class PreparedTexts: Sendable {
    static let shared = PreparedTexts()
    private let texts = NIOLockedValueBox<[String: String]>([:])

    /// False when the name already stands for another text.
    func record(_ sql: String, for name: String) -> Bool {
        texts.withLockedValue { texts in
            guard let known = texts[name] else { texts[name] = sql; return true }
            return known == sql
        }
    }

    func text(for name: String) -> String {
        texts.withLockedValue { $0[name] } ?? ""
    }
}

private struct Prepared<Statement: HotStatement>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "wildcat_" + Statement.name }
    static var sql: String { PreparedTexts.shared.text(for: Statement.name) }
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
