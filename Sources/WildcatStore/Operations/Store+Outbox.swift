import Foundation
import SQLKit
import WildcatDomain

/// An alert waiting in the outbox for one member on one channel, with what sending it needs.
public struct QueuedAlert: Sendable, Hashable {
    public let id: Int64
    public let key: String
    public let accountID: ID<Account>
    public let channel: AlertChannel
    public let kind: AlertKind
    public let text: String
    public let link: String
    public let createdAt: Date
    /// How many times sending was tried, this one included.
    public let attempt: Int
    /// For push: the subscription (nil if it was deleted since).
    public let subscription: PushSubscription?
    /// For e-mail: the sealed address (nil if it was removed since).
    public let sealedEmail: String?
}

/// Who an alert goes to.
enum AlertRecipients {
    case members
    case pledgers(ID<Pledge>)
    /// Those who answered yes or maybe.
    case meetingGoers(ID<Meeting>)
    /// The members who took the shift.
    case shiftHolders(ID<Shift>)
}

extension Store {
    /// Takes up to `limit` alerts that are due, leasing them until `lease` so that another node
    /// (or this one, after a crash) takes them again only if they were not finished by then.
    public func claimDueAlerts(now: Date, lease: Date, limit: Int = 200) async throws -> [QueuedAlert] {
        let skipLocked = engine.kind == .postgres ? "FOR UPDATE OF o SKIP LOCKED" : ""
        // Most ticks find nothing: a read says so without taking the writer.
        let anyDue = try await read { db in
            try await db.raw("SELECT 1 AS found FROM alert_outbox WHERE sent_at IS NULL AND due_at <= \(bind: now.storeMillis) LIMIT 1").first() != nil
        }
        guard anyDue else { return [] }
        return try await write { tx in
            let rows = try await tx.db.raw("""
                SELECT o.id, o.alert_key, o.account_id, o.channel, o.target, o.kind, o.text, o.link, o.created_at, o.attempts,
                       s.endpoint, s.p256dh, s.auth, st.email_sealed, st.email_confirmed
                FROM alert_outbox o
                LEFT JOIN push_subscriptions s ON o.channel = 'push' AND s.id = o.target
                LEFT JOIN alert_settings st ON o.channel = 'email' AND st.account_id = o.account_id
                WHERE o.sent_at IS NULL AND o.due_at <= \(bind: now.storeMillis)
                ORDER BY o.due_at, o.id LIMIT \(bind: limit) \(unsafeRaw: skipLocked)
                """).all()
            guard !rows.isEmpty else { return [] }
            let ids = try rows.map { SQLBind(try $0.int64("id")) }
            try await tx.db.raw("""
                UPDATE alert_outbox SET due_at = \(bind: lease.storeMillis), attempts = attempts + 1 WHERE id IN (\(SQLList(ids)))
                """).run()
            return try rows.compactMap { row in
                guard let channel = AlertChannel(rawValue: try row.string("channel")), let kind = AlertKind(rawValue: try row.string("kind")) else { return nil }
                let account = ID<Account>(try row.string("account_id"))
                let subscription = try row.optionalString("endpoint").map { endpoint in
                    PushSubscription(id: try row.string("target"), accountID: account, endpoint: endpoint,
                                     p256dh: try row.string("p256dh"), auth: try row.string("auth"))
                }
                let confirmed = try row.decode(column: "email_confirmed", as: Int?.self) == 1
                return QueuedAlert(id: try row.int64("id"), key: try row.string("alert_key"), accountID: account, channel: channel, kind: kind,
                                   text: try row.string("text"), link: try row.string("link"), createdAt: try row.date("created_at"),
                                   attempt: try row.int("attempts") + 1, subscription: subscription,
                                   sealedEmail: confirmed ? try row.optionalString("email_sealed") : nil)
            }
        }
    }

    /// Marks alerts done (sent, or given up with `error`): they are never sent again.
    public func finishAlerts(_ ids: [Int64], error: String? = nil, now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write { tx in
            try await tx.db.raw("""
                UPDATE alert_outbox SET sent_at = \(bind: now.storeMillis), last_error = \(bind: error) WHERE id IN (\(SQLList(ids.map { SQLBind($0) })))
                """).run()
        }
    }

    /// Puts an alert back to be tried again at `at`.
    public func retryAlert(_ id: Int64, at: Date, error: String) async throws {
        try await write { tx in
            try await tx.db.raw("""
                UPDATE alert_outbox SET due_at = \(bind: at.storeMillis), last_error = \(bind: error) WHERE id = \(bind: id) AND sent_at IS NULL
                """).run()
        }
    }

    /// Alerts not yet sent: due now, or waiting for quiet hours, a digest or a retry.
    public func queuedAlertCount() async throws -> Int {
        try await read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM alert_outbox WHERE sent_at IS NULL").first()?.int("n") ?? 0
        }
    }

    /// Sent alerts are kept a week (so the same alert is not queued twice), then deleted.
    public func purgeSentAlerts(before: Date) async throws -> Int {
        try await write { tx in
            let count = try await tx.db.raw("SELECT COUNT(*) AS n FROM alert_outbox WHERE sent_at < \(bind: before.storeMillis)").first()?.int("n") ?? 0
            if count > 0 { try await tx.db.raw("DELETE FROM alert_outbox WHERE sent_at < \(bind: before.storeMillis)").run() }
            return count
        }
    }

    /// For tests and benchmarks: the outbox rows of an alert, per channel.
    public func alertDeliveries(key: String) async throws -> (queued: Int, sent: Int, failed: Int) {
        try await read { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n,
                       COALESCE(SUM(CASE WHEN sent_at IS NOT NULL AND last_error IS NULL THEN 1 ELSE 0 END), 0) AS sent,
                       COALESCE(SUM(CASE WHEN sent_at IS NOT NULL AND last_error IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed
                FROM alert_outbox WHERE alert_key = \(bind: key)
                """).first()
            return (try row?.int("n") ?? 0, try row?.int("sent") ?? 0, try row?.int("failed") ?? 0)
        }
    }
}

extension Transaction {
    /// Queues an alert for every recipient on each channel their settings allow, in the
    /// transaction that made it: if that commits, the alert will go out; if not, nothing does.
    func enqueueAlert(_ kind: AlertKind, key: String, in assembly: ID<Assembly>, to recipients: AlertRecipients = .members,
                      title: String?, link: String, now: Date) async throws {
        let text = AlertText.text(kind, title: title)
        let who: SQLQueryString
        switch recipients {
        case .members: who = ""
        case .pledgers(let pledge): who = "AND m.account_id IN (SELECT account_id FROM pledge_signers WHERE pledge_id = \(bind: pledge.rawValue))"
        case .meetingGoers(let meeting):
            who = "AND m.account_id IN (SELECT account_id FROM meeting_rsvps WHERE meeting_id = \(bind: meeting.rawValue) AND answer IN ('yes', 'maybe'))"
        case .shiftHolders(let shift):
            who = "AND m.account_id IN (SELECT account_id FROM shift_signups WHERE shift_id = \(bind: shift.rawValue) AND account_id IS NOT NULL)"
        }
        // Push: each subscription of each member who wants this here.
        let push = try await db.raw("""
            SELECT m.account_id, s.id AS target, st.settings, l.level
            FROM memberships m JOIN push_subscriptions s ON s.account_id = m.account_id
            LEFT JOIN alert_settings st ON st.account_id = m.account_id
            LEFT JOIN alert_levels l ON l.account_id = m.account_id AND l.assembly_id = m.assembly_id AND l.channel = 'push'
            WHERE m.assembly_id = \(bind: assembly.rawValue) \(who)
            """).all()
        let email = try await db.raw("""
            SELECT m.account_id, '' AS target, st.settings, l.level
            FROM memberships m JOIN alert_settings st ON st.account_id = m.account_id AND st.email_sealed IS NOT NULL AND st.email_confirmed = 1
            LEFT JOIN alert_levels l ON l.account_id = m.account_id AND l.assembly_id = m.assembly_id AND l.channel = 'email'
            WHERE m.assembly_id = \(bind: assembly.rawValue) \(who)
            """).all()
        var settingsByText: [String: AlertSettings] = [:]
        var rows: [(account: String, channel: AlertChannel, target: String, due: Int64)] = []
        for (channel, found) in [(AlertChannel.push, push), (.email, email)] {
            for row in found {
                let level = try row.optionalString("level").flatMap(AlertLevel.init(rawValue:)) ?? .urgent
                guard level.wants(kind) else { continue }
                var settings = AlertSettings.standard
                if let text = try row.optionalString("settings") {
                    if let known = settingsByText[text] { settings = known } else {
                        settings = (try? StoredJSON.decode(AlertSettings.self, text)) ?? .standard
                        settingsByText[text] = settings
                    }
                }
                rows.append((try row.string("account_id"), channel, try row.string("target"), settings.due(kind, on: channel, now: now).storeMillis))
            }
        }
        guard !rows.isEmpty else { return }
        for batch in stride(from: 0, to: rows.count, by: 200).map({ rows[$0..<min($0 + 200, rows.count)] }) {
            let values = batch.map { row -> SQLQueryString in
                "(\(bind: key), \(bind: row.account), \(bind: row.channel.rawValue), \(bind: row.target), \(bind: kind.rawValue), \(bind: text), \(bind: link), \(bind: now.storeMillis), \(bind: row.due))"
            }
            try await db.raw("""
                INSERT INTO alert_outbox (alert_key, account_id, channel, target, kind, text, link, created_at, due_at)
                VALUES \(values.joined(separator: ", ")) ON CONFLICT (alert_key, account_id, channel, target) DO NOTHING
                """).run()
        }
    }
}
