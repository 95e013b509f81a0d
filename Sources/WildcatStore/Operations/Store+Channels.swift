import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// The channels of an assembly with the member's unread counts (capped at 100), counted from
    /// when they joined: what came before is never news to them.
    public func channels(of assemblyID: ID<Assembly>, for accountID: ID<Account>) async throws -> [ChannelSummary] {
        try await read { db in
            try await db.raw("""
                SELECT c.id, c.assembly_id, c.name, c.created_at,
                       (SELECT COUNT(*) FROM (SELECT 1 FROM messages m
                            WHERE m.channel_id = c.id AND m.id > COALESCE(r.last_read_id, 0) AND m.deleted = 0
                              AND (m.author_id IS NULL OR m.author_id <> \(bind: accountID.rawValue))
                              AND m.created_at >= COALESCE((SELECT joined_at FROM memberships j WHERE j.assembly_id = c.assembly_id
                                                            AND j.account_id = \(bind: accountID.rawValue)), 0) LIMIT 100) AS u) AS unread
                FROM channels c
                LEFT JOIN channel_reads r ON r.channel_id = c.id AND r.account_id = \(bind: accountID.rawValue)
                WHERE c.assembly_id = \(bind: assemblyID.rawValue)
                ORDER BY c.created_at, c.name_key
                """).all().map { ChannelSummary(channel: try Self.channel($0), unread: try $0.int("unread")) }
        }
    }

    /// The names of the assembly's channels, without counting anything.
    public func channelNames(of assemblyID: ID<Assembly>) async throws -> [ID<Channel>: String] {
        try await read { db in
            var names: [ID<Channel>: String] = [:]
            for row in try await db.raw("SELECT id, name FROM channels WHERE assembly_id = \(bind: assemblyID.rawValue)").all() {
                names[ID(try row.string("id"))] = try row.string("name")
            }
            return names
        }
    }

    /// Unread messages per assembly for the account (each channel counted up to 100).
    public func unreadCounts(of accountID: ID<Account>) async throws -> [ID<Assembly>: Int] {
        try await read { db in
            let rows = try await db.raw("""
                SELECT c.assembly_id,
                       (SELECT COUNT(*) FROM (SELECT 1 FROM messages m
                            WHERE m.channel_id = c.id AND m.id > COALESCE(r.last_read_id, 0) AND m.deleted = 0
                              AND (m.author_id IS NULL OR m.author_id <> \(bind: accountID.rawValue)) AND m.created_at >= ms.joined_at LIMIT 100) AS u) AS unread
                FROM channels c
                JOIN memberships ms ON ms.assembly_id = c.assembly_id AND ms.account_id = \(bind: accountID.rawValue)
                LEFT JOIN channel_reads r ON r.channel_id = c.id AND r.account_id = \(bind: accountID.rawValue)
                """).all()
            var counts: [ID<Assembly>: Int] = [:]
            for row in rows { counts[ID(try row.string("assembly_id")), default: 0] += try row.int("unread") }
            return counts
        }
    }

    public func channel(_ id: ID<Channel>, in assemblyID: ID<Assembly>) async throws -> Channel? {
        try await read { db in
            try await db.raw("SELECT id, assembly_id, name, created_at FROM channels WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)")
                .first().map(Self.channel)
        }
    }

    /// Creates a channel; names are unique within the assembly, ignoring case and spaces.
    public func createChannel(in assemblyID: ID<Assembly>, name: ChannelName, now: Date) async throws -> Channel {
        let channel = Channel(id: ID(RandomText.identifier()), assemblyID: assemblyID, name: name.value, createdAt: now)
        return try await write { tx in
            if try await tx.db.raw("SELECT id FROM channels WHERE assembly_id = \(bind: assemblyID.rawValue) AND name_key = \(bind: name.key)").first() != nil {
                throw Refusal.channelNameTaken(name.value)
            }
            try await tx.insertChannel(channel, key: name.key)
            try await tx.record(.channelCreated(channel.id, name: channel.name), in: assemblyID, now: now)
            return channel
        }
    }

    /// Notes that the member has read a channel up to a message (of that channel).
    /// Marks the channel read up to this message (never back). False when the channel has no
    /// such message.
    @discardableResult
    public func markRead(channelID: ID<Channel>, by accountID: ID<Account>, upTo message: ID<Message>) async throws -> Bool {
        try await write { tx in
            guard try await tx.db.raw("""
                SELECT 1 AS found FROM messages WHERE public_id = \(bind: message.rawValue) AND channel_id = \(bind: channelID.rawValue)
                """).first() != nil else { return false }
            try await tx.db.raw("""
                INSERT INTO channel_reads (account_id, channel_id, last_read_id)
                SELECT \(bind: accountID.rawValue), m.channel_id, m.id FROM messages m
                WHERE m.public_id = \(bind: message.rawValue) AND m.channel_id = \(bind: channelID.rawValue)
                ON CONFLICT (account_id, channel_id) DO UPDATE SET last_read_id = excluded.last_read_id
                WHERE excluded.last_read_id > channel_reads.last_read_id
                """).run()
            return true
        }
    }

    static func channel(_ row: any SQLRow) throws -> Channel {
        Channel(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), name: try row.string("name"), createdAt: try row.date("created_at"))
    }
}

extension Transaction {
    func insertChannel(_ channel: Channel, key: String) async throws {
        try await db.raw("""
            INSERT INTO channels (id, assembly_id, name, name_key, created_at)
            VALUES (\(bind: channel.id.rawValue), \(bind: channel.assemblyID.rawValue), \(bind: channel.name), \(bind: key), \(bind: channel.createdAt.storeMillis))
            """).run()
    }
}
