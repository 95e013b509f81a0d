import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Events after `id`, oldest first, across all assemblies: what the fan-out delivers.
    public func events(after id: Int64, limit: Int = 1000) async throws -> [LiveEvent] {
        try await read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events WHERE id > \(bind: id) ORDER BY id LIMIT \(bind: limit)
                """).all().compactMap(Self.decodedEvent)
        }
    }

    /// Specific events, if they exist (ids the fan-out saw skipped).
    public func events(ids: [Int64]) async throws -> [LiveEvent] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events WHERE id IN (\(SQLList(ids.prefix(500).map { SQLBind($0) })))
                """).all().compactMap(Self.decodedEvent)
        }
    }

    /// Events in (after, upTo] of the given assemblies: what a reconnecting page missed.
    public func events(after: Int64, upTo: Int64, assemblies: [ID<Assembly>], limit: Int = 5000) async throws -> [LiveEvent] {
        guard !assemblies.isEmpty, upTo > after else { return [] }
        return try await read { db in
            try await db.raw("""
                SELECT id, assembly_id, channel_id, account_id, kind, payload FROM events
                WHERE id > \(bind: after) AND id <= \(bind: upTo) AND assembly_id IN (\(SQLList(assemblies.map { SQLBind($0.rawValue) })))
                ORDER BY id LIMIT \(bind: limit)
                """).all().compactMap(Self.decodedEvent)
        }
    }

    /// The newest event id, or 0.
    public func latestEventID() async throws -> Int64 {
        try await read { db in
            try await db.raw("SELECT MAX(id) AS v FROM events").first()?.decode(column: "v", as: Int64?.self) ?? 0
        }
    }

    /// The oldest event still kept, or nil when there are none: a page that last saw an older id
    /// cannot catch up and must reload.
    public func oldestEventID() async throws -> Int64? {
        try await read { db in
            try await db.raw("SELECT MIN(id) AS v FROM events").first()?.decode(column: "v", as: Int64?.self)
        }
    }
}

extension Store {
    /// A row that cannot be read (a corrupt payload) is left out rather than stopping the
    /// fan-out for everyone behind it.
    static func decodedEvent(_ row: any SQLRow) -> LiveEvent? {
        try? EventCoding.event(row)
    }
}

extension Transaction {
    /// Records a live event of an assembly; the store rings the fan-out once this commits.
    func record(_ payload: LiveEvent.Payload, in assembly: ID<Assembly>, now: Date) async throws {
        let columns = try EventCoding.columns(payload)
        try await db.raw("""
            INSERT INTO events (assembly_id, channel_id, account_id, message_id, kind, payload, created_at)
            VALUES (\(bind: assembly.rawValue), \(bind: columns.channelID), \(bind: columns.accountID), \(bind: columns.messageID),
                    \(bind: columns.kind), \(bind: columns.payload), \(bind: now.storeMillis))
            """).run()
        recorder.noteEvent()
    }
}
