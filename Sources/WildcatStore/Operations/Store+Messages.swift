import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Columns of `Store.message(_:)`: a message `m`, its author `a` and its thread's root `r`.
    static let messageColumns = """
        m.id, m.public_id, m.channel_id, m.assembly_id, m.author_id, a.pseudonym AS author, r.public_id AS root_public_id, m.body,
        m.created_at, m.edited_at, m.deleted, m.reply_count, m.system,
        f.public_id AS file_id, f.kind AS file_kind, f.name AS file_name, f.media_type AS file_type, f.size AS file_size,
        f.width AS file_width, f.height AS file_height
        """
    static let messageJoins = """
        LEFT JOIN accounts a ON a.id = m.author_id LEFT JOIN messages r ON r.id = m.thread_root_id LEFT JOIN attachments f ON f.message_id = m.id
        """

    /// Posts a message (or a reply in a thread) and records its live events, including one for
    /// each member mentioned. Mentions of non-members are plain text. With a photo or file, the
    /// text may be left out; they are stored together or not at all.
    public func postMessage(channelID: ID<Channel>, assemblyID: ID<Assembly>, author: Account, text: MessageText?,
                            attachment: NewAttachment? = nil, threadRoot: ID<Message>?, now: Date) async throws -> Message {
        guard text != nil || attachment != nil else { throw InputError(field: "body", "A message cannot be empty.") }
        let body = text?.value ?? ""
        let mentionKeys = Markup.mentions(in: body)
        let publicID = ID<Message>(RandomText.identifier())
        return try await write { tx in
            var rootPosition: Int64?
            if let threadRoot {
                guard let row = try await tx.db.raw("""
                    UPDATE messages SET reply_count = reply_count + 1
                    WHERE public_id = \(bind: threadRoot.rawValue) AND channel_id = \(bind: channelID.rawValue) AND thread_root_id IS NULL
                    RETURNING id
                    """).first() else {
                    // The body names something that is not there: the request is wrong, not the address.
                    throw InputError(field: "threadRoot", "There is no such message to reply to in this channel.")
                }
                rootPosition = try row.int64("id")
            }
            // One statement checks that the channel is the assembly's and inserts.
            guard let row = try await tx.db.raw("""
                INSERT INTO messages (public_id, channel_id, assembly_id, author_id, thread_root_id, body, created_at)
                SELECT \(bind: publicID.rawValue), c.id, c.assembly_id, \(bind: author.id.rawValue), \(bind: rootPosition), \(bind: body), \(bind: now.storeMillis)
                FROM channels c WHERE c.id = \(bind: channelID.rawValue) AND c.assembly_id = \(bind: assemblyID.rawValue)
                RETURNING id
                """).first() else { throw Refusal.notFound }
            let position = try row.int64("id")
            var stored: Attachment?
            if let attachment { stored = try await tx.insertAttachment(attachment, message: position) }
            let message = Message(id: publicID, position: position, channelID: channelID, assemblyID: assemblyID,
                                  authorID: author.id, author: author.pseudonym, threadRoot: threadRoot, body: body,
                                  createdAt: Date(storeMillis: now.storeMillis), editedAt: nil, deleted: false, replyCount: 0, attachment: stored)
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
    public func editMessage(_ id: ID<Message>, in assemblyID: ID<Assembly>, by author: ID<Account>, text: MessageText, now: Date) async throws -> Message {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT id, body FROM messages WHERE public_id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)
                  AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() else { throw Refusal.notFound }
            let position = try row.int64("id")
            let old = try row.string("body")
            guard old != text.value else { return try await tx.message(position) }
            try await tx.db.raw("INSERT INTO message_edits (message_id, body, replaced_at) VALUES (\(bind: position), \(bind: old), \(bind: now.storeMillis))").run()
            try await tx.db.raw("UPDATE messages SET body = \(bind: text.value), edited_at = \(bind: now.storeMillis) WHERE id = \(bind: position)").run()
            try await tx.db.raw("DELETE FROM events WHERE message_id = \(bind: position)").run()
            let message = try await tx.message(position)
            try await tx.record(.message(message), in: assemblyID, now: now)
            return message
        }
    }

    /// The author deletes their message: its text, edits and author are gone for real. A message
    /// with replies stays as "deleted" so the thread keeps its shape; others are removed.
    public func deleteMessage(_ id: ID<Message>, in assemblyID: ID<Assembly>, by author: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT id FROM messages WHERE public_id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)
                  AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() else { throw Refusal.notFound }
            try await tx.erase(positions: [try row.int64("id")], now: now)
        }
    }

    /// Deletes every message the account ever wrote, in every assembly, direct messages too.
    /// Returns how many.
    @discardableResult
    public func deleteAllMessages(by author: ID<Account>, now: Date) async throws -> Int {
        try await write { tx in
            let positions = try await tx.db.raw("SELECT id FROM messages WHERE author_id = \(bind: author.rawValue) AND deleted = 0").all()
                .map { try $0.int64("id") }
            try await tx.erase(positions: positions, now: now)
            let direct = try await tx.db.raw("SELECT public_id FROM direct_messages WHERE author_id = \(bind: author.rawValue)").all()
                .map { try $0.string("public_id") }
            try await tx.eraseDirect(publicIDs: direct)
            return positions.count + direct.count
        }
    }

    /// Top-level messages of a channel, oldest first: the newest `limit`, or those before one.
    /// nil when `before` names no message of the channel. With `visibleFrom`, none older (a
    /// newcomer's history, see `AssemblyRules.newcomersSeeHistory`).
    public func messages(in channelID: ID<Channel>, before: ID<Message>? = nil, limit: Int = 50, visibleFrom: Date? = nil) async throws -> [Message]? {
        try await read { db in
            var bound = Int64.max
            if let before {
                guard let row = try await db.raw("""
                    SELECT id FROM messages WHERE public_id = \(bind: before.rawValue) AND channel_id = \(bind: channelID.rawValue)
                    """).first() else { return nil }
                bound = try row.int64("id")
            }
            return try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages m \(unsafeRaw: Self.messageJoins)
                WHERE m.channel_id = \(bind: channelID.rawValue) AND m.thread_root_id IS NULL AND m.id < \(bind: bound)
                  AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                ORDER BY m.id DESC LIMIT \(bind: limit)
                """).all().map(Self.message).reversed()
        }
    }

    /// A thread: its first message and the replies, oldest first.
    public func thread(_ root: ID<Message>, in channelID: ID<Channel>, visibleFrom: Date? = nil) async throws -> (root: Message, replies: [Message])? {
        try await read { db in
            guard let rootRow = try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages m \(unsafeRaw: Self.messageJoins)
                WHERE m.public_id = \(bind: root.rawValue) AND m.channel_id = \(bind: channelID.rawValue) AND m.thread_root_id IS NULL
                  AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                """).first() else { return nil }
            let first = try Self.message(rootRow)
            let replies = try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages m \(unsafeRaw: Self.messageJoins)
                WHERE m.thread_root_id = \(bind: first.position) AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0) ORDER BY m.id LIMIT 1000
                """).all().map(Self.message)
            return (first, replies)
        }
    }

    public func message(_ id: ID<Message>, in assemblyID: ID<Assembly>, visibleFrom: Date? = nil) async throws -> Message? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.messageColumns) FROM messages m \(unsafeRaw: Self.messageJoins)
                WHERE m.public_id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assemblyID.rawValue)
                  AND m.created_at >= \(bind: visibleFrom?.storeMillis ?? 0)
                """).first().map(Self.message)
        }
    }

    /// Earlier texts of a message, newest first; only its author may see them. nil when the
    /// assembly holds no such message of theirs.
    public func edits(of id: ID<Message>, in assembly: ID<Assembly>, by author: ID<Account>) async throws -> [MessageEdit]? {
        try await read { db in
            guard let row = try await db.raw("""
                SELECT id FROM messages WHERE public_id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue)
                  AND author_id = \(bind: author.rawValue)
                """).first() else { return nil }
            return try await db.raw("""
                SELECT body, replaced_at FROM message_edits WHERE message_id = \(bind: try row.int64("id")) ORDER BY id DESC
                """).all().map { MessageEdit(body: try $0.string("body"), replacedAt: try $0.date("replaced_at")) }
        }
    }

    static func message(_ row: any SQLRow) throws -> Message {
        Message(id: ID(try row.string("public_id")), position: try row.int64("id"), channelID: ID(try row.string("channel_id")),
                assemblyID: ID(try row.string("assembly_id")), authorID: try row.optionalString("author_id").map(ID.init),
                author: try row.optionalString("author"), threadRoot: try row.optionalString("root_public_id").map(ID.init),
                body: try row.string("body"), createdAt: try row.date("created_at"), editedAt: try row.optionalDate("edited_at"),
                deleted: try row.flag("deleted"), replyCount: try row.int("reply_count"),
                system: try row.optionalString("system").map { try StoredJSON.decode(SystemPost.self, $0) },
                attachment: try attachment(row))
    }

    static func attachment(_ row: any SQLRow) throws -> Attachment? {
        guard let id = try row.optionalString("file_id") else { return nil }
        return Attachment(id: ID(id), kind: Attachment.Kind(rawValue: try row.string("file_kind")) ?? .file, name: try row.string("file_name"),
                          mediaType: try row.string("file_type"), size: try row.int("file_size"),
                          width: try row.decode(column: "file_width", as: Int?.self), height: try row.decode(column: "file_height", as: Int?.self))
    }
}

extension Transaction {
    func message(_ position: Int64) async throws -> Message {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: Store.messageColumns) FROM messages m \(unsafeRaw: Store.messageJoins) WHERE m.id = \(bind: position)
            """).first() else { throw Refusal.notFound }
        return try Store.message(row)
    }

    /// Posts what the platform announces in the assembly's #general channel.
    @discardableResult
    func post(_ post: SystemPost, in assembly: ID<Assembly>, general: ID<Channel>, now: Date) async throws -> Message? {
        guard let row = try await db.raw("""
            INSERT INTO messages (public_id, channel_id, assembly_id, author_id, thread_root_id, body, created_at, system)
            SELECT \(bind: RandomText.identifier()), c.id, c.assembly_id, NULL, NULL, '', \(bind: now.storeMillis), \(bind: try StoredJSON.encode(post))
            FROM channels c WHERE c.id = \(bind: general.rawValue) AND c.assembly_id = \(bind: assembly.rawValue)
            RETURNING id
            """).first() else { return nil }
        let posted = try await message(try row.int64("id"))
        try await record(.message(posted), in: assembly, now: now)
        return posted
    }

    /// Removes messages' text for real and records a deletion event for each.
    func erase(positions: [Int64], now: Date) async throws {
        for chunk in stride(from: 0, to: positions.count, by: 200).map({ Array(positions[$0..<min($0 + 200, positions.count)]) }) {
            let list = SQLList(chunk.map { SQLBind($0) })
            // Earlier live records carry the old text: they go too.
            try await db.raw("DELETE FROM events WHERE message_id IN (\(list))").run()
            try await db.raw("DELETE FROM message_edits WHERE message_id IN (\(list))").run()
            try await db.raw("DELETE FROM message_reactions WHERE message_id IN (\(list))").run()
            try await db.raw("DELETE FROM attachments WHERE message_id IN (\(list))").run()
            let gone = try await db.raw("""
                SELECT m.id, m.public_id, m.channel_id, m.assembly_id, m.thread_root_id, r.public_id AS root_public_id, m.reply_count
                FROM messages m LEFT JOIN messages r ON r.id = m.thread_root_id WHERE m.id IN (\(list))
                """).all()
            try await db.raw("UPDATE messages SET body = '', author_id = NULL, deleted = 1, edited_at = NULL WHERE id IN (\(list)) AND reply_count > 0").run()
            try await db.raw("DELETE FROM messages WHERE id IN (\(list)) AND reply_count = 0").run()
            var roots: [Int64] = []
            for row in gone {
                if let root = try row.decode(column: "thread_root_id", as: Int64?.self) {
                    roots.append(root)
                    try await db.raw("UPDATE messages SET reply_count = reply_count - 1 WHERE id = \(bind: root) AND reply_count > 0").run()
                }
                let assembly = ID<Assembly>(try row.string("assembly_id"))
                let tombstone = Message(id: ID(try row.string("public_id")), position: try row.int64("id"), channelID: ID(try row.string("channel_id")),
                                        assemblyID: assembly, authorID: nil, author: nil, threadRoot: try row.optionalString("root_public_id").map(ID.init),
                                        body: "", createdAt: now, editedAt: nil, deleted: true, replyCount: try row.int("reply_count"))
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
