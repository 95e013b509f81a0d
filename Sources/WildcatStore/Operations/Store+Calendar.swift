import Foundation
import SQLKit
import WildcatDomain

/// One entry of a member's calendar: a meeting, or a called action, of one of their assemblies.
public struct CalendarEntry: Sendable {
    public enum Kind: String, Sendable { case meeting, action }
    public let kind: Kind
    public let id: String
    public let assemblyID: ID<Assembly>
    public let assemblyName: String
    public let title: String
    public let starts: ZonedTime
    public let endsAt: Date
    public let place: String
    public let cancelled: Bool
}

extension Store {
    /// A new secret address for the member's calendar feed; the old one stops working.
    public func renewCalendarFeed(of account: ID<Account>, now: Date) async throws -> SecretToken {
        let token = SecretToken.generate()
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES (\(bind: account.rawValue), \(bind: token.hash), \(bind: now.storeMillis))
                ON CONFLICT (account_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                """).run()
        }
        return token
    }

    public func revokeCalendarFeed(of account: ID<Account>) async throws {
        try await write { tx in try await tx.db.raw("DELETE FROM calendar_feeds WHERE account_id = \(bind: account.rawValue)").run() }
    }

    public func hasCalendarFeed(_ account: ID<Account>) async throws -> Bool {
        try await read { db in try await db.raw("SELECT 1 AS found FROM calendar_feeds WHERE account_id = \(bind: account.rawValue)").first() != nil }
    }

    /// The member whose feed the token opens; nil for a revoked or unknown one.
    public func calendarFeedOwner(token: String) async throws -> ID<Account>? {
        guard SecretToken.looksValid(token) else { return nil }
        return try await read { db in
            try await db.raw("SELECT account_id FROM calendar_feeds WHERE token_hash = \(bind: SecretToken.hash(token))").first()
                .map { ID(try $0.string("account_id")) }
        }
    }

    /// Meetings and called actions of every assembly the member belongs to, from `since` on,
    /// soonest first: one query each, whatever the number of assemblies.
    public func calendar(of account: ID<Account>, since: Date, limit: Int = 5000) async throws -> [CalendarEntry] {
        try await read { db in
            let meetings = try await db.raw("""
                SELECT m.id, m.assembly_id, a.name, m.title, m.starts_at, m.ends_at, m.time_zone, m.place, m.cancelled_at
                FROM memberships ms JOIN meetings m ON m.assembly_id = ms.assembly_id JOIN assemblies a ON a.id = m.assembly_id
                WHERE ms.account_id = \(bind: account.rawValue) AND m.ends_at > \(bind: since.storeMillis)
                ORDER BY m.starts_at LIMIT \(bind: limit)
                """).all()
            let actions = try await db.raw("""
                SELECT x.id, x.assembly_id, a.name, x.title, x.starts_at, x.ends_at, x.time_zone, x.place, x.status
                FROM memberships ms JOIN actions x ON x.assembly_id = ms.assembly_id JOIN assemblies a ON a.id = x.assembly_id
                WHERE ms.account_id = \(bind: account.rawValue) AND x.status <> 'drafted' AND x.ends_at > \(bind: since.storeMillis)
                ORDER BY x.starts_at LIMIT \(bind: limit)
                """).all()
            func entry(_ row: any SQLRow, _ kind: CalendarEntry.Kind, cancelled: Bool) throws -> CalendarEntry {
                CalendarEntry(kind: kind, id: try row.string("id"), assemblyID: ID(try row.string("assembly_id")), assemblyName: try row.string("name"),
                              title: try row.string("title"), starts: ZonedTime(instant: try row.date("starts_at"), zone: try row.string("time_zone")),
                              endsAt: try row.date("ends_at"), place: try row.string("place"), cancelled: cancelled)
            }
            var entries = try meetings.map { try entry($0, .meeting, cancelled: try $0.optionalDate("cancelled_at") != nil) }
            entries += try actions.map { try entry($0, .action, cancelled: try $0.string("status") == Action.Status.cancelled.rawValue) }
            return Array(entries.sorted { ($0.starts.instant, $0.id) < ($1.starts.instant, $1.id) }.prefix(limit))
        }
    }
}
