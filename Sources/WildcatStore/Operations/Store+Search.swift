import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Messages of the assembly that hold every word of the query (the last as the start of a word),
    /// newest first, from `visibleFrom` on: SQLite's FTS5, or PostgreSQL's full-text search.
    /// The words are letters and digits only (`SearchQuery`), so nothing typed is read as syntax.
    public func search(_ query: SearchQuery, in assembly: ID<Assembly>, visibleFrom: Date?, limit: Int = 50) async throws -> [Message] {
        try await read { db in
            switch self.engine.kind {
            case .sqlite:
                // "ines" "strik"*: each word quoted, so FTS5 reads it as a word only.
                let match = query.words.enumerated().map { "\"\($1)\"" + (query.isPrefix($0) ? "*" : "") }.joined(separator: " ")
                return try await db.raw("""
                    SELECT \(unsafeRaw: Self.messageColumns) FROM message_search s JOIN messages m ON m.id = s.rowid \(unsafeRaw: Self.messageJoins)
                    WHERE message_search MATCH \(bind: match) AND m.assembly_id = \(bind: assembly.rawValue) AND m.deleted = 0
                      AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                    ORDER BY s.rowid DESC LIMIT \(bind: limit)
                    """).all().map(Self.message)
            case .postgres:
                let match = query.words.enumerated().map { $1 + (query.isPrefix($0) ? ":*" : "") }.joined(separator: " & ")
                // The 50 ids first, planned alone: PostgreSQL then takes the words' index for a
                // rare word and walks the newest messages for a common one. Planned together
                // with the joins, it walked a million rows for a rare word.
                return try await db.raw("""
                    SELECT \(unsafeRaw: Self.messageColumns)
                    FROM (SELECT id FROM messages WHERE search @@ to_tsquery('simple', \(bind: match)) AND assembly_id = \(bind: assembly.rawValue)
                            AND deleted = 0 AND created_at >= \(bind: visibleFrom?.storeMillis ?? 0) ORDER BY id DESC LIMIT \(bind: limit)) found
                    JOIN messages m ON m.id = found.id \(unsafeRaw: Self.messageJoins)
                    ORDER BY m.id DESC
                    """).all().map(Self.message)
            }
        }
    }
}

extension Store {
    /// For benchmarks: many messages written at once into a channel, as if posted one a second
    /// from `from` on (no live events, no mentions). Kept by the search index like any others.
    public func seedMessages(_ bodies: [String], in channel: ID<Channel>, assembly: ID<Assembly>, author: ID<Account>, from: Date) async throws {
        try await write { tx in
            for start in stride(from: 0, to: bodies.count, by: 200) {
                let rows = (start..<min(start + 200, bodies.count)).map { i in
                    SQLGroupExpression(SQLList([SQLBind(RandomText.identifier()), SQLBind(channel.rawValue), SQLBind(assembly.rawValue), SQLBind(author.rawValue),
                             SQLBind(bodies[i]), SQLBind((from + TimeInterval(i)).storeMillis)]))
                }
                try await tx.db.raw("""
                    INSERT INTO messages (public_id, channel_id, assembly_id, author_id, body, created_at) VALUES \(SQLList(rows))
                    """).run()
            }
        }
    }
}
