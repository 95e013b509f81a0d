import Foundation
import SQLKit
import WildcatDomain

extension Store {
    static let messageColumns = """
        m.id, m.channel_id, m.assembly_id, m.author_id, a.pseudonym AS author, m.thread_root_id, m.body,
        m.created_at, m.edited_at, m.deleted, m.reply_count, m.system
        """

    /// Posts a message (or a reply in a thread) and records its live events, including one for
    /// each member mentioned. Mentions of non-members are plain text.
    public func postMessage(channelID: ID<Channel>, assemblyID: ID<Assembly>, author: Account, text: MessageText,
                            threadRootID: Int64?, now: Date) async throws -> Message {
        let mentionKeys = Markup.mentions(in: text.value)
        return try await write { tx in
            if let threadRootID {
                guard try await tx.db.raw("""
                    UPDATE messages SET reply_count = reply_count + 1
                    WHERE id = \(bind: threadRootID) AND channel_id = \(bind: channelID.rawValue) AND thread_root_id IS NULL
                    RETURNING id
                    """).first() != nil else { throw Refusal.notFound }
            }
            // One statement checks that the channel is the assembly's and inserts.
            guard let row = try await tx.db.raw("""
                INSERT INTO messages (channel_id, assembly_id, author_id, thread_root_id, body, created_at)
                SELECT c.id, c.assembly_id, \(bind: author.id.rawValue), \(bind: threadRootID), \(bind: text.value), \(bind: now.storeMillis)
                FROM channels c WHERE c.id = \(bind: channelID.rawValue) AND c.assembly_id = \(bind: assemblyID.rawValue)
                RETURNING id
                """).first() else { throw Refusal.notFound }
            let message = Message(id: try row.int64("id"), channelID: channelID, assemblyID: assemblyID,
                                  authorID: author.id, author: author.pseudonym, threadRootID: threadRootID, body: text.value,
                                  createdAt: Date(storeMillis: now.storeMillis), editedAt: nil, deleted: false, replyCount: 0)
            try await tx.record(.message(message), in: assemblyID, now: now)
            if !mentionKeys.isEmpty {
                for mentioned in try await tx.members(of: assemblyID, keys: mentionKeys) where mentioned != author.id {
                    try await tx.record(.mention(of: mentioned, message: message.id, channel: channelID, by: author.pseudonym), in: assemblyID, now: now)
                }
            }
            return message
        }
    }

    /// The author edits their message; the earlier text is kept for the author only, and the live
    /// record of the old text is replaced.
    public func editMessage(_ id: Int64, in assemblyID: ID<Assembly>, by author: ID<Account>, text: MessageText, now: Date) async throws -> Message {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT body FROM messages WHERE id = \(bind: id) AND assembly_id = \(bind: assemblyID.rawValue)
                  AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() else { throw Refusal.notFound }
            let old = try row.string("body")
            guard old != text.value else { return try await tx.message(id) }
            try await tx.db.raw("INSERT INTO message_edits (message_id, body, replaced_at) VALUES (\(bind: id), \(bind: old), \(bind: now.storeMillis))").run()
            try await tx.db.raw("UPDATE messages SET body = \(bind: text.value), edited_at = \(bind: now.storeMillis) WHERE id = \(bind: id)").run()
            try await tx.db.raw("DELETE FROM events WHERE message_id = \(bind: id)").run()
            let message = try await tx.message(id)
            try await tx.record(.message(message), in: assemblyID, now: now)
            return message
        }
    }

    /// The author deletes their message: its text, edits and author are gone for real. A message
    /// with replies stays as "deleted" so the thread keeps its shape; others are removed.
    public func deleteMessage(_ id: Int64, in assemblyID: ID<Assembly>, by author: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                SELECT id FROM messages WHERE id = \(bind: id) AND assembly_id = \(bind: assemblyID.rawValue) AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() != nil else { throw Refusal.notFound }
            try await tx.erase(messageIDs: [id], now: now)
        }
    }

    /// Deletes every message the account ever wrote, in every assembly. Returns how many.
    @discardableResult
    public func deleteAllMessages(by author: ID<Account>, now: Date) async throws -> Int {
        try await write { tx in
            let ids = try await tx.db.raw("SELECT id FROM messages WHERE author_id = \(bind: author.rawValue) AND deleted = 0").all()
                .map { try $0.int64("id") }
            try await tx.erase(messageIDs: ids, now: now)
            return ids.count
        }
    }

    /// Top-level messages of a channel, oldest first: the newest `limit`, or those before an id.
    public func messages(in channelID: ID<Channel>, before: Int64? = nil, limit: Int = 50) async throws -> [Message] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns)
                FROM messages m LEFT JOIN accounts a ON a.id = m.author_id
                WHERE m.channel_id = \(bind: channelID.rawValue) AND m.thread_root_id IS NULL AND m.id < \(bind: before ?? Int64.max)
                ORDER BY m.id DESC LIMIT \(bind: limit)
                """).all().map(Self.message).reversed()
        }
    }

    /// A thread: its first message and the replies, oldest first.
    public func thread(_ rootID: Int64, in channelID: ID<Channel>) async throws -> (root: Message, replies: [Message])? {
        try await read { db in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns)
                FROM messages m LEFT JOIN accounts a ON a.id = m.author_id
                WHERE m.channel_id = \(bind: channelID.rawValue) AND (m.id = \(bind: rootID) OR m.thread_root_id = \(bind: rootID))
                ORDER BY m.id LIMIT 1001
                """).all().map(Self.message)
            guard let root = rows.first, root.id == rootID, root.threadRootID == nil else { return nil }
            return (root, Array(rows.dropFirst()))
        }
    }

    public func message(_ id: Int64, in assemblyID: ID<Assembly>) async throws -> Message? {
        try await read { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages m LEFT JOIN accounts a ON a.id = m.author_id
                WHERE m.id = \(bind: id) AND m.assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { return nil }
            return try Self.message(row)
        }
    }

    /// Earlier texts of a message, newest first; only its author may see them.
    public func edits(of id: Int64, by author: ID<Account>) async throws -> [MessageEdit] {
        try await read { db in
            try await db.raw("""
                SELECT e.body, e.replaced_at FROM message_edits e JOIN messages m ON m.id = e.message_id
                WHERE e.message_id = \(bind: id) AND m.author_id = \(bind: author.rawValue) ORDER BY e.id DESC
                """).all().map { MessageEdit(body: try $0.string("body"), replacedAt: try $0.date("replaced_at")) }
        }
    }

    static func message(_ row: any SQLRow) throws -> Message {
        Message(id: try row.int64("id"), channelID: ID(try row.string("channel_id")),
                assemblyID: ID(try row.string("assembly_id")), authorID: try row.optionalString("author_id").map(ID.init),
                author: try row.optionalString("author"), threadRootID: try row.decode(column: "thread_root_id", as: Int64?.self),
                body: try row.string("body"), createdAt: try row.date("created_at"), editedAt: try row.optionalDate("edited_at"),
                deleted: try row.flag("deleted"), replyCount: try row.int("reply_count"),
                system: try row.optionalString("system").map { try StoredJSON.decode(SystemPost.self, $0) })
    }
}

extension Transaction {
    func message(_ id: Int64) async throws -> Message {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: Store.messageColumns) FROM messages m LEFT JOIN accounts a ON a.id = m.author_id WHERE m.id = \(bind: id)
            """).first() else { throw Refusal.notFound }
        return try Store.message(row)
    }

    /// Posts what the platform announces in the assembly's #general channel; returns its id.
    @discardableResult
    func post(_ post: SystemPost, in assembly: ID<Assembly>, general: ID<Channel>, now: Date) async throws -> Int64? {
        guard let row = try await db.raw("""
            INSERT INTO messages (channel_id, assembly_id, author_id, thread_root_id, body, created_at, system)
            SELECT c.id, c.assembly_id, NULL, NULL, '', \(bind: now.storeMillis), \(bind: try StoredJSON.encode(post))
            FROM channels c WHERE c.id = \(bind: general.rawValue) AND c.assembly_id = \(bind: assembly.rawValue)
            RETURNING id
            """).first() else { return nil }
        let id = try row.int64("id")
        try await record(.message(try await message(id)), in: assembly, now: now)
        return id
    }

    /// Removes messages' text for real and records a deletion event for each.
    func erase(messageIDs: [Int64], now: Date) async throws {
        for chunk in stride(from: 0, to: messageIDs.count, by: 200).map({ Array(messageIDs[$0..<min($0 + 200, messageIDs.count)]) }) {
            let list = SQLList(chunk.map { SQLBind($0) })
            // Earlier live records carry the old text: they go too.
            try await db.raw("DELETE FROM events WHERE message_id IN (\(list))").run()
            try await db.raw("DELETE FROM message_edits WHERE message_id IN (\(list))").run()
            let gone = try await db.raw("""
                SELECT id, channel_id, assembly_id, thread_root_id, reply_count FROM messages WHERE id IN (\(list))
                """).all()
            try await db.raw("UPDATE messages SET body = '', author_id = NULL, deleted = 1, edited_at = NULL WHERE id IN (\(list)) AND reply_count > 0").run()
            try await db.raw("DELETE FROM messages WHERE id IN (\(list)) AND reply_count = 0").run()
            var roots: [Int64] = []
            for row in gone {
                let id = try row.int64("id")
                let root = try row.decode(column: "thread_root_id", as: Int64?.self)
                if let root {
                    roots.append(root)
                    try await db.raw("UPDATE messages SET reply_count = reply_count - 1 WHERE id = \(bind: root) AND reply_count > 0").run()
                }
                let assembly = ID<Assembly>(try row.string("assembly_id"))
                let tombstone = Message(id: id, channelID: ID(try row.string("channel_id")), assemblyID: assembly,
                                        authorID: nil, author: nil, threadRootID: root, body: "", createdAt: now, editedAt: nil,
                                        deleted: true, replyCount: try row.int("reply_count"))
                try await record(.message(tombstone), in: assembly, now: now)
            }
            // A deleted first message whose last reply is gone has nothing left to hold together.
            if !roots.isEmpty {
                try await db.raw("DELETE FROM messages WHERE id IN (\(SQLList(roots.map { SQLBind($0) }))) AND deleted = 1 AND reply_count = 0").run()
            }
        }
    }

    /// Account ids of the assembly's members whose folded pseudonyms are among `keys`.
    func members(of assemblyID: ID<Assembly>, keys: [String]) async throws -> [ID<Account>] {
        try await db.raw("""
            SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
            WHERE m.assembly_id = \(bind: assemblyID.rawValue) AND a.pseudonym_key IN (\(SQLList(keys.prefix(20).map { SQLBind($0) })))
            """).all().map { ID(try $0.string("id")) }
    }
}
