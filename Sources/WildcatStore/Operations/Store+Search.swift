import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Messages of the assembly that hold every word of the query (each as the start of a word),
    /// newest first, from `visibleFrom` on: SQLite's FTS5, or PostgreSQL's full-text search.
    /// The words are letters and digits only (`SearchQuery`), so nothing typed is read as syntax.
    public func search(_ query: SearchQuery, in assembly: ID<Assembly>, visibleFrom: Date?, limit: Int = 50) async throws -> [Message] {
        try await read { db in
            switch engine.kind {
            case .sqlite:
                // "strik"* AND "ines"*: each word quoted, so FTS5 reads it as a word only.
                let match = query.words.map { "\"\($0)\"*" }.joined(separator: " ")
                return try await db.raw("""
                    SELECT \(unsafeRaw: Self.messageColumns) FROM message_search s JOIN messages m ON m.id = s.rowid \(unsafeRaw: Self.messageJoins)
                    WHERE message_search MATCH \(bind: match) AND m.assembly_id = \(bind: assembly.rawValue) AND m.deleted = 0
                      AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                    ORDER BY s.rowid DESC LIMIT \(bind: limit)
                    """).all().map(Self.message)
            case .postgres:
                let match = query.words.map { "\($0):*" }.joined(separator: " & ")
                return try await db.raw("""
                    SELECT \(unsafeRaw: Self.messageColumns) FROM messages m \(unsafeRaw: Self.messageJoins)
                    WHERE to_tsvector('simple', m.body) @@ to_tsquery('simple', \(bind: match)) AND m.assembly_id = \(bind: assembly.rawValue)
                      AND m.deleted = 0 AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                    ORDER BY m.id DESC LIMIT \(bind: limit)
                    """).all().map(Self.message)
            }
        }
    }
}
