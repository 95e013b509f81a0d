import Foundation
import SQLKit
import WildcatDomain

extension Store {
    // MARK: Channels

    /// The channels of an assembly with the member's unread counts (capped at 100).
    public func channels(of assemblyID: ID<Assembly>, for accountID: ID<Account>) async throws -> [ChannelSummary] {
        try await engine.read { db in
            try await db.raw("""
                SELECT c.id, c.assembly_id, c.name, c.created_at,
                       (SELECT COUNT(*) FROM (SELECT 1 FROM messages m
                            WHERE m.channel_id = c.id AND m.id > COALESCE(r.last_read_id, 0) AND m.deleted = 0
                              AND (m.author_id IS NULL OR m.author_id <> \(bind: accountID.rawValue)) LIMIT 100) AS u) AS unread
                FROM channels c
                LEFT JOIN channel_reads r ON r.channel_id = c.id AND r.account_id = \(bind: accountID.rawValue)
                WHERE c.assembly_id = \(bind: assemblyID.rawValue)
                ORDER BY c.created_at, c.name_key
                """).all().map { ChannelSummary(channel: try Self.channel($0), unread: try $0.decode(column: "unread", as: Int.self)) }
        }
    }

    public func channel(_ id: ID<Channel>, in assemblyID: ID<Assembly>) async throws -> Channel? {
        try await engine.read { db in
            try await db.raw("SELECT id, assembly_id, name, created_at FROM channels WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)")
                .first().map(Self.channel)
        }
    }

    /// Creates a channel; names are unique within the assembly, ignoring case and spaces.
    public func createChannel(in assemblyID: ID<Assembly>, name: ChannelName, now: Date) async throws -> Channel {
        let channel = Channel(id: ID(RandomText.identifier()), assemblyID: assemblyID, name: name.value, createdAt: now)
        return try await engine.write { db in
            if try await db.raw("SELECT id FROM channels WHERE assembly_id = \(bind: assemblyID.rawValue) AND name_key = \(bind: name.key)").first() != nil {
                throw Refusal.nameTaken("This assembly already has a channel called “\(name.value)”.")
            }
            try await Self.insertChannel(db, channel, key: name.key)
            try await Self.recordEvent(db, assemblyID: assemblyID.rawValue, channelID: channel.id.rawValue, kind: .channelCreated,
                                       payload: ["id": channel.id.rawValue, "name": channel.name], now: now)
            return channel
        }
    }

    static func insertChannel(_ db: any SQLDatabase, _ channel: Channel, key: String) async throws {
        try await db.raw("""
            INSERT INTO channels (id, assembly_id, name, name_key, created_at)
            VALUES (\(bind: channel.id.rawValue), \(bind: channel.assemblyID.rawValue), \(bind: channel.name), \(bind: key), \(bind: channel.createdAt.storeMillis))
            """).run()
    }

    // MARK: Messages

    /// Posts a message (or a reply in a thread) and records its live events, including one for
    /// each member mentioned. Mentions of non-members are plain text.
    public func postMessage(channelID: ID<Channel>, assemblyID: ID<Assembly>, author: Account, text: MessageText,
                            threadRootID: Int64?, now: Date) async throws -> Message {
        let mentionKeys = Markup.mentions(in: text.value)
        return try await engine.write { db in
            if let threadRootID {
                guard try await db.raw("""
                    UPDATE messages SET reply_count = reply_count + 1
                    WHERE id = \(bind: threadRootID) AND channel_id = \(bind: channelID.rawValue) AND thread_root_id IS NULL
                    RETURNING id
                    """).first() != nil else { throw Refusal.notFound }
            }
            // One statement checks that the channel is the assembly's and inserts.
            guard let row = try await db.raw("""
                INSERT INTO messages (channel_id, assembly_id, author_id, thread_root_id, body, created_at)
                SELECT c.id, c.assembly_id, \(bind: author.id.rawValue), \(bind: threadRootID), \(bind: text.value), \(bind: now.storeMillis)
                FROM channels c WHERE c.id = \(bind: channelID.rawValue) AND c.assembly_id = \(bind: assemblyID.rawValue)
                RETURNING id
                """).first() else { throw Refusal.notFound }
            let message = Message(id: try row.decode(column: "id", as: Int64.self), channelID: channelID, assemblyID: assemblyID,
                                  authorID: author.id, author: author.pseudonym, threadRootID: threadRootID, body: text.value,
                                  createdAt: Date(storeMillis: now.storeMillis), editedAt: nil, deleted: false, replyCount: 0)
            try await Self.recordMessageEvent(db, message, now: now)
            if !mentionKeys.isEmpty {
                for mentioned in try await Self.members(db, assemblyID: assemblyID, keys: mentionKeys) where mentioned != author.id.rawValue {
                    try await Self.recordEvent(db, assemblyID: assemblyID.rawValue, channelID: channelID.rawValue, accountID: mentioned, kind: .mention,
                                               payload: ["messageId": String(message.id), "channel": channelID.rawValue, "by": author.pseudonym], now: now)
                }
            }
            return message
        }
    }

    /// The author edits their message; the earlier text is kept for the author only, and the live
    /// record of the old text is replaced.
    public func editMessage(_ id: Int64, in assemblyID: ID<Assembly>, by author: ID<Account>, text: MessageText, now: Date) async throws -> Message {
        try await engine.write { db in
            guard let row = try await db.raw("""
                SELECT body FROM messages WHERE id = \(bind: id) AND assembly_id = \(bind: assemblyID.rawValue)
                  AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() else { throw Refusal.notFound }
            let old = try row.string("body")
            guard old != text.value else { return try await Self.message(db, id: id) }
            try await db.raw("INSERT INTO message_edits (message_id, body, replaced_at) VALUES (\(bind: id), \(bind: old), \(bind: now.storeMillis))").run()
            try await db.raw("UPDATE messages SET body = \(bind: text.value), edited_at = \(bind: now.storeMillis) WHERE id = \(bind: id)").run()
            try await db.raw("DELETE FROM events WHERE message_id = \(bind: id)").run()
            let message = try await Self.message(db, id: id)
            try await Self.recordMessageEvent(db, message, now: now)
            return message
        }
    }

    /// The author deletes their message: its text, edits and author are gone for real. A message
    /// with replies stays as "deleted" so the thread keeps its shape; others are removed.
    public func deleteMessage(_ id: Int64, in assemblyID: ID<Assembly>, by author: ID<Account>, now: Date) async throws {
        try await engine.write { db in
            guard try await db.raw("""
                SELECT id FROM messages WHERE id = \(bind: id) AND assembly_id = \(bind: assemblyID.rawValue) AND author_id = \(bind: author.rawValue) AND deleted = 0
                """).first() != nil else { throw Refusal.notFound }
            try await Self.erase(db, messageIDs: [id], now: now)
        }
    }

    /// Deletes every message the account ever wrote, in every assembly. Returns how many.
    @discardableResult
    public func deleteAllMessages(by author: ID<Account>, now: Date) async throws -> Int {
        try await engine.write { db in
            let ids = try await db.raw("SELECT id FROM messages WHERE author_id = \(bind: author.rawValue) AND deleted = 0").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            try await Self.erase(db, messageIDs: ids, now: now)
            return ids.count
        }
    }

    /// Removes messages' text for real and records a deletion event for each.
    static func erase(_ db: any SQLDatabase, messageIDs: [Int64], now: Date) async throws {
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
                let id = try row.decode(column: "id", as: Int64.self)
                let root = try row.decode(column: "thread_root_id", as: Int64?.self)
                if let root {
                    roots.append(root)
                    try await db.raw("UPDATE messages SET reply_count = reply_count - 1 WHERE id = \(bind: root) AND reply_count > 0").run()
                }
                let tombstone = Message(id: id, channelID: ID(try row.string("channel_id")), assemblyID: ID(try row.string("assembly_id")),
                                        authorID: nil, author: nil, threadRootID: root, body: "", createdAt: now, editedAt: nil,
                                        deleted: true, replyCount: try row.decode(column: "reply_count", as: Int.self))
                try await recordMessageEvent(db, tombstone, now: now)
            }
            // A deleted first message whose last reply is gone has nothing left to hold together.
            if !roots.isEmpty {
                try await db.raw("DELETE FROM messages WHERE id IN (\(SQLList(roots.map { SQLBind($0) }))) AND deleted = 1 AND reply_count = 0").run()
            }
        }
    }

    /// Top-level messages of a channel, oldest first: the newest `limit`, or those before an id.
    public func messages(in channelID: ID<Channel>, before: Int64? = nil, limit: Int = 50) async throws -> [Message] {
        try await engine.read { db in
            try await db.raw("""
                SELECT m.id, m.channel_id, m.assembly_id, m.author_id, a.pseudonym AS author, m.thread_root_id, m.body,
                       m.created_at, m.edited_at, m.deleted, m.reply_count
                FROM messages m LEFT JOIN accounts a ON a.id = m.author_id
                WHERE m.channel_id = \(bind: channelID.rawValue) AND m.thread_root_id IS NULL AND m.id < \(bind: before ?? Int64.max)
                ORDER BY m.id DESC LIMIT \(bind: limit)
                """).all().map(Self.message).reversed()
        }
    }

    /// A thread: its first message and the replies, oldest first.
    public func thread(_ rootID: Int64, in channelID: ID<Channel>) async throws -> (root: Message, replies: [Message])? {
        try await engine.read { db in
            let rows = try await db.raw("""
                SELECT m.id, m.channel_id, m.assembly_id, m.author_id, a.pseudonym AS author, m.thread_root_id, m.body,
                       m.created_at, m.edited_at, m.deleted, m.reply_count
                FROM messages m LEFT JOIN accounts a ON a.id = m.author_id
                WHERE m.channel_id = \(bind: channelID.rawValue) AND (m.id = \(bind: rootID) OR m.thread_root_id = \(bind: rootID))
                ORDER BY m.id LIMIT 1001
                """).all().map(Self.message)
            guard let root = rows.first, root.id == rootID, root.threadRootID == nil else { return nil }
            return (root, Array(rows.dropFirst()))
        }
    }

    public func message(_ id: Int64, in assemblyID: ID<Assembly>) async throws -> Message? {
        try await engine.read { db in
            let message = try? await Self.message(db, id: id)
            return message?.assemblyID == assemblyID ? message : nil
        }
    }

    /// Earlier texts of a message, newest first; only its author may see them.
    public func edits(of id: Int64, by author: ID<Account>) async throws -> [MessageEdit] {
        try await engine.read { db in
            try await db.raw("""
                SELECT e.body, e.replaced_at FROM message_edits e JOIN messages m ON m.id = e.message_id
                WHERE e.message_id = \(bind: id) AND m.author_id = \(bind: author.rawValue) ORDER BY e.id DESC
                """).all().map { MessageEdit(body: try $0.string("body"), replacedAt: try $0.date("replaced_at")) }
        }
    }

    /// Notes that the member has read a channel up to a message.
    public func markRead(channelID: ID<Channel>, by accountID: ID<Account>, upTo messageID: Int64) async throws {
        try await engine.write { db in
            try await db.raw("""
                INSERT INTO channel_reads (account_id, channel_id, last_read_id) VALUES (\(bind: accountID.rawValue), \(bind: channelID.rawValue), \(bind: messageID))
                ON CONFLICT (account_id, channel_id) DO UPDATE SET last_read_id = excluded.last_read_id
                WHERE excluded.last_read_id > channel_reads.last_read_id
                """).run()
        }
    }

    // MARK: Retention

    /// Deletes, for real, messages older than each assembly's retention rule, and live records
    /// older than `eventsKeptFor`. Returns how many messages went.
    @discardableResult
    public func purgeExpiredMessages(now: Date, eventsKeptFor: TimeInterval = 86400) async throws -> Int {
        let assemblies = try await engine.read { db in
            try await db.raw("SELECT id, name, rules, created_at FROM assemblies").all().map(Self.assembly)
        }
        var purged = 0
        for assembly in assemblies {
            let cutoff = Retention.cutoff(now: now, rules: assembly.rules).storeMillis
            purged += try await engine.write { db in
                // Replies in an expired thread go with its first message (ON DELETE CASCADE).
                let ids = try await db.raw("""
                    SELECT id FROM messages WHERE assembly_id = \(bind: assembly.id.rawValue) AND created_at < \(bind: cutoff) LIMIT 5000
                    """).all().map { try $0.decode(column: "id", as: Int64.self) }
                guard !ids.isEmpty else { return 0 }
                for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                    let list = SQLList(chunk.map { SQLBind($0) })
                    try await db.raw("DELETE FROM events WHERE message_id IN (\(list)) OR message_id IN (SELECT id FROM messages WHERE thread_root_id IN (\(list)))").run()
                    try await db.raw("DELETE FROM messages WHERE id IN (\(list))").run()
                }
                return ids.count
            }
        }
        let eventCutoff = now.addingTimeInterval(-eventsKeptFor).storeMillis
        try await engine.write { db in
            try await db.raw("DELETE FROM events WHERE created_at < \(bind: eventCutoff)").run()
        }
        return purged
    }

    // MARK: Live events

    /// Events after `id`, oldest first, across all assemblies: what the fan-out delivers.
    public func events(after id: Int64, limit: Int = 1000) async throws -> [LiveEvent] {
        try await engine.read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events WHERE id > \(bind: id) ORDER BY id LIMIT \(bind: limit)
                """).all().map(Self.event)
        }
    }

    /// Specific events, if they exist (ids the fan-out saw skipped).
    public func events(ids: [Int64]) async throws -> [LiveEvent] {
        guard !ids.isEmpty else { return [] }
        return try await engine.read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events WHERE id IN (\(SQLList(ids.prefix(500).map { SQLBind($0) })))
                """).all().map(Self.event)
        }
    }

    /// Events in (after, upTo] of the given assemblies: what a reconnecting page missed.
    public func events(after: Int64, upTo: Int64, assemblies: [ID<Assembly>], limit: Int = 5000) async throws -> [LiveEvent] {
        guard !assemblies.isEmpty, upTo > after else { return [] }
        return try await engine.read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events
                WHERE id > \(bind: after) AND id <= \(bind: upTo) AND assembly_id IN (\(SQLList(assemblies.map { SQLBind($0.rawValue) })))
                ORDER BY id LIMIT \(bind: limit)
                """).all().map(Self.event)
        }
    }

    /// The newest event id, or 0.
    public func latestEventID() async throws -> Int64 {
        try await engine.read { db in
            try await db.raw("SELECT MAX(id) AS v FROM events").first()?.decode(column: "v", as: Int64?.self) ?? 0
        }
    }

    /// The oldest event still kept, or nil when there are none: a page that last saw an older id
    /// cannot catch up and must reload.
    public func oldestEventID() async throws -> Int64? {
        try await engine.read { db in
            try await db.raw("SELECT MIN(id) AS v FROM events").first()?.decode(column: "v", as: Int64?.self)
        }
    }

    /// Ids of the assemblies an account belongs to.
    public func assemblyIDs(of accountID: ID<Account>) async throws -> [ID<Assembly>] {
        try await engine.read { db in
            try await db.raw("SELECT assembly_id FROM memberships WHERE account_id = \(bind: accountID.rawValue)").all()
                .map { ID(try $0.string("assembly_id")) }
        }
    }

    // MARK: Shared steps

    static let payloadEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func recordMessageEvent(_ db: any SQLDatabase, _ message: Message, now: Date) async throws {
        let payload = String(decoding: try payloadEncoder.encode(message), as: UTF8.self)
        try await db.raw("""
            INSERT INTO events (assembly_id, channel_id, account_id, message_id, kind, payload, created_at)
            VALUES (\(bind: message.assemblyID.rawValue), \(bind: message.channelID.rawValue), NULL, \(bind: message.id),
                    \(bind: LiveEvent.Kind.message.rawValue), \(bind: payload), \(bind: now.storeMillis))
            """).run()
    }

    static func recordEvent(_ db: any SQLDatabase, assemblyID: String, channelID: String? = nil, accountID: String? = nil,
                            kind: LiveEvent.Kind, payload: [String: String], now: Date) async throws {
        let json = String(decoding: try payloadEncoder.encode(payload), as: UTF8.self)
        try await db.raw("""
            INSERT INTO events (assembly_id, channel_id, account_id, message_id, kind, payload, created_at)
            VALUES (\(bind: assemblyID), \(bind: channelID), \(bind: accountID), NULL, \(bind: kind.rawValue), \(bind: json), \(bind: now.storeMillis))
            """).run()
    }

    static func message(_ db: any SQLDatabase, id: Int64) async throws -> Message {
        guard let row = try await db.raw("""
            SELECT m.id, m.channel_id, m.assembly_id, m.author_id, a.pseudonym AS author, m.thread_root_id, m.body,
                   m.created_at, m.edited_at, m.deleted, m.reply_count
            FROM messages m LEFT JOIN accounts a ON a.id = m.author_id WHERE m.id = \(bind: id)
            """).first() else { throw Refusal.notFound }
        return try message(row)
    }

    static func message(_ row: any SQLRow) throws -> Message {
        Message(id: try row.decode(column: "id", as: Int64.self), channelID: ID(try row.string("channel_id")),
                assemblyID: ID(try row.string("assembly_id")), authorID: try row.optionalString("author_id").map(ID.init),
                author: try row.optionalString("author"), threadRootID: try row.decode(column: "thread_root_id", as: Int64?.self),
                body: try row.string("body"), createdAt: try row.date("created_at"),
                editedAt: try row.decode(column: "edited_at", as: Int64?.self).map(Date.init(storeMillis:)),
                deleted: try row.flag("deleted"), replyCount: try row.decode(column: "reply_count", as: Int.self))
    }

    static func channel(_ row: any SQLRow) throws -> Channel {
        Channel(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), name: try row.string("name"), createdAt: try row.date("created_at"))
    }

    static func event(_ row: any SQLRow) throws -> LiveEvent {
        let kindText = try row.string("kind")
        guard let kind = LiveEvent.Kind(rawValue: kindText) else { throw StoreError.corruptRow("event kind \(kindText)") }
        return LiveEvent(id: try row.decode(column: "id", as: Int64.self), assemblyID: ID(try row.string("assembly_id")),
                         channelID: try row.optionalString("channel_id").map(ID.init), accountID: try row.optionalString("account_id").map(ID.init),
                         kind: kind, payload: try row.string("payload"))
    }

    /// Account ids of the assembly's members whose folded pseudonyms are among `keys`.
    static func members(_ db: any SQLDatabase, assemblyID: ID<Assembly>, keys: [String]) async throws -> [String] {
        try await db.raw("""
            SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id
            WHERE m.assembly_id = \(bind: assemblyID.rawValue) AND a.pseudonym_key IN (\(SQLList(keys.prefix(20).map { SQLBind($0) })))
            """).all().map { try $0.string("id") }
    }
}
