import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Adds the member's reaction to a message of the assembly, or takes it back if they had
    /// made it; returns the message's counts after. A message of another assembly, or one the
    /// member may not read (before their joining), is not found; a deleted one is refused.
    public func toggleReaction(_ reaction: Reaction, on message: ID<Message>, in assembly: ID<Assembly>, by account: ID<Account>,
                               visibleFrom: Date?, now: Date) async throws -> [ReactionCount] {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT id, channel_id, deleted, system FROM messages
                WHERE public_id = \(bind: message.rawValue) AND assembly_id = \(bind: assembly.rawValue) AND created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                """).first() else { throw Refusal.notFound }
            guard try !row.flag("deleted") else { throw InputError(field: "reaction", "This message was deleted.") }
            let position = try row.int64("id")
            if try await tx.db.raw("""
                DELETE FROM message_reactions
                WHERE message_id = \(bind: position) AND account_id = \(bind: account.rawValue) AND reaction = \(bind: reaction.rawValue) RETURNING reaction
                """).first() == nil {
                try await tx.db.raw("""
                    INSERT INTO message_reactions (message_id, account_id, reaction, created_at)
                    VALUES (\(bind: position), \(bind: account.rawValue), \(bind: reaction.rawValue), \(bind: now.storeMillis))
                    """).run()
            }
            let counts = try await tx.reactionCounts(on: [position], viewer: account)[position] ?? []
            try await tx.record(.reactions(message, channel: ID(try row.string("channel_id")), counts.map { ReactionCount(reaction: $0.reaction, count: $0.count, mine: false) }),
                                in: assembly, now: now)
            return counts
        }
    }

    /// The reactions on these messages (by their positions), as the viewer sees them.
    public func reactions(on messages: [Message], viewer: ID<Account>) async throws -> [ID<Message>: [ReactionCount]] {
        guard !messages.isEmpty else { return [:] }
        let byPosition = try await read { db in try await Transaction(db: db, recorder: .init()).reactionCounts(on: messages.map(\.position), viewer: viewer) }
        var result: [ID<Message>: [ReactionCount]] = [:]
        for message in messages { if let counts = byPosition[message.position] { result[message.id] = counts } }
        return result
    }
}

extension Transaction {
    func reactionCounts(on positions: [Int64], viewer: ID<Account>) async throws -> [Int64: [ReactionCount]] {
        var counts: [Int64: [ReactionCount]] = [:]
        for chunk in stride(from: 0, to: positions.count, by: 500).map({ Array(positions[$0..<min($0 + 500, positions.count)]) }) {
            let rows = try await db.raw("""
                SELECT message_id, reaction, COUNT(*) AS n,
                       CAST(SUM(CASE WHEN account_id = \(bind: viewer.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS mine
                FROM message_reactions WHERE message_id IN (\(SQLList(chunk.map { SQLBind($0) })))
                GROUP BY message_id, reaction
                """).all()
            for row in rows {
                guard let reaction = Reaction(rawValue: try row.string("reaction")) else { continue }
                counts[try row.int64("message_id"), default: []].append(ReactionCount(reaction: reaction, count: try row.int("n"), mine: try row.int("mine") > 0))
            }
        }
        // In the fixed order of `Reaction`, whatever order the database gave.
        return counts.mapValues { list in Reaction.allCases.compactMap { r in list.first { $0.reaction == r } } }
    }
}
