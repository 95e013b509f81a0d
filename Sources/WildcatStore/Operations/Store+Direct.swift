import Foundation
import SQLKit
import WildcatDomain

extension Store {
    static let conversationColumns = """
        d.id, d.assembly_id, d.first_id, d.second_id, d.created_at, f.pseudonym AS first_name, s.pseudonym AS second_name
        """
    static let conversationJoins = "JOIN accounts f ON f.id = d.first_id JOIN accounts s ON s.id = d.second_id"

    /// The conversation of two members of the assembly, made the first time one writes to the
    /// other. Refused unless both belong to the assembly now.
    public func conversation(in assemblyID: ID<Assembly>, from writer: ID<Account>, to pseudonymKey: String, now: Date) async throws -> Conversation {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
                WHERE a.pseudonym_key = \(bind: pseudonymKey) AND m.assembly_id = \(bind: assemblyID.rawValue)
                """).first(), try await tx.isMember(writer, of: assemblyID) else {
                throw InputError(field: "to", "No member of this assembly has that pseudonym: you can write only to someone who shares it with you.")
            }
            let (first, second) = try Conversation.pair(writer, ID(try row.string("id")))
            if let existing = try await tx.conversation(assemblyID: assemblyID, first: first, second: second) { return existing }
            try await tx.db.raw("""
                INSERT INTO direct_conversations (id, assembly_id, first_id, second_id, created_at)
                VALUES (\(bind: RandomText.identifier()), \(bind: assemblyID.rawValue), \(bind: first.rawValue), \(bind: second.rawValue), \(bind: now.storeMillis))
                """).run()
            guard let made = try await tx.conversation(assemblyID: assemblyID, first: first, second: second) else { throw Refusal.notFound }
            return made
        }
    }

    /// A conversation of the assembly, only for one of its two members.
    public func conversation(_ id: ID<Conversation>, in assemblyID: ID<Assembly>, for reader: ID<Account>) async throws -> Conversation? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.conversationColumns) FROM direct_conversations d \(unsafeRaw: Self.conversationJoins)
                WHERE d.id = \(bind: id.rawValue) AND d.assembly_id = \(bind: assemblyID.rawValue)
                  AND (d.first_id = \(bind: reader.rawValue) OR d.second_id = \(bind: reader.rawValue))
                """).first().map(Self.conversation)
        }
    }

    /// The reader's conversations in the assembly, the most recently written first.
    public func conversations(of reader: ID<Account>, in assemblyID: ID<Assembly>) async throws -> [ConversationSummary] {
        try await read { db in
            try await db.raw("""
                SELECT * FROM (
                    SELECT \(unsafeRaw: Self.conversationColumns),
                           (SELECT MAX(x.created_at) FROM direct_messages x WHERE x.conversation_id = d.id) AS last_at
                    FROM direct_conversations d \(unsafeRaw: Self.conversationJoins)
                    WHERE d.assembly_id = \(bind: assemblyID.rawValue) AND (d.first_id = \(bind: reader.rawValue) OR d.second_id = \(bind: reader.rawValue))
                ) c ORDER BY COALESCE(c.last_at, c.created_at) DESC LIMIT 200
                """).all().map { ConversationSummary(conversation: try Self.conversation($0), lastAt: try $0.optionalDate("last_at")) }
        }
    }

    /// The newest messages of a conversation, oldest first.
    public func directMessages(in conversation: Conversation, limit: Int = 100) async throws -> [DirectMessage] {
        try await read { db in
            try await db.raw("""
                SELECT x.public_id, x.author_id, a.pseudonym AS author, x.body, x.created_at
                FROM direct_messages x JOIN accounts a ON a.id = x.author_id
                WHERE x.conversation_id = \(bind: conversation.id.rawValue) ORDER BY x.id DESC LIMIT \(bind: limit)
                """).all().map { row in
                DirectMessage(id: ID(try row.string("public_id")), conversationID: conversation.id, assemblyID: conversation.assemblyID,
                              authorID: ID(try row.string("author_id")), author: try row.string("author"), between: [conversation.first, conversation.second],
                              body: try row.string("body"), createdAt: try row.date("created_at"))
            }.reversed()
        }
    }

    /// Sends a direct message, while both still belong to the conversation's assembly.
    public func sendDirect(in conversation: Conversation, author: Account, text: MessageText, now: Date) async throws -> DirectMessage {
        guard conversation.includes(author.id) else { throw Refusal.notFound }
        let message = DirectMessage(id: ID(RandomText.identifier()), conversationID: conversation.id, assemblyID: conversation.assemblyID,
                                    authorID: author.id, author: author.pseudonym, between: [conversation.first, conversation.second],
                                    body: text.value, createdAt: Date(storeMillis: now.storeMillis))
        return try await write { tx in
            for member in [conversation.first, conversation.second] where try await !tx.isMember(member, of: conversation.assemblyID) {
                throw InputError(field: "body", member == author.id
                                 ? "You no longer belong to this assembly."
                                 : "\(conversation.otherName(for: author.id)) no longer belongs to this assembly: the message cannot be sent.")
            }
            try await tx.db.raw("""
                INSERT INTO direct_messages (public_id, conversation_id, author_id, body, created_at)
                VALUES (\(bind: message.id.rawValue), \(bind: conversation.id.rawValue), \(bind: author.id.rawValue), \(bind: message.body),
                        \(bind: now.storeMillis))
                """).run()
            try await tx.record(.direct(message), in: conversation.assemblyID, now: now)
            return message
        }
    }

    /// The author deletes their direct message: for both, for real, with its live record.
    public func deleteDirect(_ id: ID<DirectMessage>, in conversation: Conversation, by author: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT x.public_id, a.pseudonym, x.created_at FROM direct_messages x JOIN accounts a ON a.id = x.author_id
                WHERE x.public_id = \(bind: id.rawValue) AND x.conversation_id = \(bind: conversation.id.rawValue) AND x.author_id = \(bind: author.rawValue)
                """).first() else { throw Refusal.notFound }
            try await tx.eraseDirect(publicIDs: [id.rawValue])
            let tombstone = DirectMessage(id: id, conversationID: conversation.id, assemblyID: conversation.assemblyID, authorID: author,
                                          author: try row.string("pseudonym"), between: [conversation.first, conversation.second], body: "",
                                          createdAt: try row.date("created_at"), deleted: true)
            try await tx.record(.direct(tombstone), in: conversation.assemblyID, now: now)
        }
    }

    static func conversation(_ row: any SQLRow) throws -> Conversation {
        Conversation(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), first: ID(try row.string("first_id")),
                     second: ID(try row.string("second_id")), firstName: try row.string("first_name"), secondName: try row.string("second_name"),
                     createdAt: try row.date("created_at"))
    }
}

extension Transaction {
    func conversation(assemblyID: ID<Assembly>, first: ID<Account>, second: ID<Account>) async throws -> Conversation? {
        try await db.raw("""
            SELECT \(unsafeRaw: Store.conversationColumns) FROM direct_conversations d \(unsafeRaw: Store.conversationJoins)
            WHERE d.assembly_id = \(bind: assemblyID.rawValue) AND d.first_id = \(bind: first.rawValue) AND d.second_id = \(bind: second.rawValue)
            """).first().map(Store.conversation)
    }

    func isMember(_ account: ID<Account>, of assemblyID: ID<Assembly>) async throws -> Bool {
        try await db.raw("SELECT 1 AS one FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: account.rawValue)")
            .first() != nil
    }

    /// Removes direct messages and the live records that carry their text.
    func eraseDirect(publicIDs: [String]) async throws {
        for chunk in stride(from: 0, to: publicIDs.count, by: 200).map({ Array(publicIDs[$0..<min($0 + 200, publicIDs.count)]) }) {
            let list = SQLList(chunk.map { SQLBind($0) })
            try await db.raw("DELETE FROM events WHERE kind = 'direct' AND channel_id IN (\(list))").run()
            try await db.raw("DELETE FROM direct_messages WHERE public_id IN (\(list))").run()
        }
    }
}
