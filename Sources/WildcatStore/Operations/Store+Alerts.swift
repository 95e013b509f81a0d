import Foundation
import SQLKit
import WildcatDomain

/// A member's alert settings as stored, the address sealed (the store never sees it in clear).
public struct StoredAlertSettings: Sendable, Hashable {
    public let settings: AlertSettings
    public let sealedEmail: String?
    public let emailConfirmed: Bool
    /// Per assembly and channel, where the member chose other than the default.
    public let levels: [ID<Assembly>: [AlertChannel: AlertLevel]]

    public func level(_ assembly: ID<Assembly>, _ channel: AlertChannel) -> AlertLevel { levels[assembly]?[channel] ?? .urgent }
}

extension Store {
    /// Keeps a browser's push subscription for the member. The same endpoint signed in as
    /// someone else moves to them: one browser, one subscription.
    @discardableResult
    public func savePushSubscription(for account: ID<Account>, endpoint: String, p256dh: String, auth: String, now: Date) async throws -> String {
        let id = RandomText.identifier()
        return try await write { tx in
            try await tx.db.raw("""
                INSERT INTO push_subscriptions (id, account_id, endpoint, p256dh, auth, created_at)
                VALUES (\(bind: id), \(bind: account.rawValue), \(bind: endpoint), \(bind: p256dh), \(bind: auth), \(bind: now.storeMillis))
                ON CONFLICT (endpoint) DO UPDATE SET account_id = excluded.account_id, p256dh = excluded.p256dh, auth = excluded.auth
                """).run()
            return try await tx.db.raw("SELECT id FROM push_subscriptions WHERE endpoint = \(bind: endpoint)").first()?.string("id") ?? id
        }
    }

    /// Forgets a subscription: the member's own (unsubscribed), or any the push service says is
    /// gone. Alerts still queued for it are dropped.
    public func deletePushSubscription(id: String, of account: ID<Account>? = nil, now: Date) async throws {
        try await write { tx in
            let owner: SQLQueryString = account.map { "AND account_id = \(bind: $0.rawValue)" } ?? ""
            try await tx.db.raw("DELETE FROM push_subscriptions WHERE id = \(bind: id) \(owner)").run()
            try await tx.db.raw("""
                UPDATE alert_outbox SET sent_at = \(bind: now.storeMillis), last_error = 'subscription gone'
                WHERE channel = 'push' AND target = \(bind: id) AND sent_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM push_subscriptions WHERE id = \(bind: id))
                """).run()
        }
    }

    public func pushSubscriptions(of account: ID<Account>) async throws -> [PushSubscription] {
        try await read { db in
            try await db.raw("""
                SELECT id, account_id, endpoint, p256dh, auth FROM push_subscriptions WHERE account_id = \(bind: account.rawValue) ORDER BY created_at
                """).all().map {
                PushSubscription(id: try $0.string("id"), accountID: ID(try $0.string("account_id")), endpoint: try $0.string("endpoint"),
                                 p256dh: try $0.string("p256dh"), auth: try $0.string("auth"))
            }
        }
    }

    public func alertSettings(of account: ID<Account>) async throws -> StoredAlertSettings {
        try await read { db in
            let row = try await db.raw("""
                SELECT settings, email_sealed, email_confirmed FROM alert_settings WHERE account_id = \(bind: account.rawValue)
                """).first()
            var levels: [ID<Assembly>: [AlertChannel: AlertLevel]] = [:]
            for level in try await db.raw("SELECT assembly_id, channel, level FROM alert_levels WHERE account_id = \(bind: account.rawValue)").all() {
                guard let channel = AlertChannel(rawValue: try level.string("channel")), let value = AlertLevel(rawValue: try level.string("level")) else { continue }
                levels[ID(try level.string("assembly_id")), default: [:]][channel] = value
            }
            return StoredAlertSettings(
                settings: try row.map { try StoredJSON.decode(AlertSettings.self, try $0.string("settings")) } ?? .standard,
                sealedEmail: try row?.optionalString("email_sealed"), emailConfirmed: try row?.flag("email_confirmed") ?? false, levels: levels)
        }
    }

    /// Saves the member's settings and levels in one transaction: a level for an assembly they do
    /// not belong to refuses the whole save (nothing changes).
    public func saveAlertSettings(_ settings: AlertSettings, levels: [(ID<Assembly>, AlertChannel, AlertLevel)] = [], for account: ID<Account>,
                                  now: Date) async throws {
        let text = try StoredJSON.encode(settings)
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO alert_settings (account_id, settings, updated_at) VALUES (\(bind: account.rawValue), \(bind: text), \(bind: now.storeMillis))
                ON CONFLICT (account_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                """).run()
            for (assembly, channel, level) in levels { try await tx.setAlertLevel(level, on: channel, in: assembly, for: account) }
        }
    }

    /// Sets (or with nil, deletes) the member's sealed address; a new one waits for confirmation.
    public func saveEmail(sealed: String?, for account: ID<Account>, now: Date) async throws {
        let standard = try StoredJSON.encode(AlertSettings.standard)
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO alert_settings (account_id, settings, email_sealed, email_confirmed, updated_at)
                VALUES (\(bind: account.rawValue), \(bind: standard), \(bind: sealed), 0, \(bind: now.storeMillis))
                ON CONFLICT (account_id) DO UPDATE SET email_sealed = excluded.email_sealed, email_confirmed = 0, updated_at = excluded.updated_at
                """).run()
            // Mail queued for the old address is not sent to the new one.
            try await tx.db.raw("""
                UPDATE alert_outbox SET sent_at = \(bind: now.storeMillis), last_error = 'address changed'
                WHERE channel = 'email' AND account_id = \(bind: account.rawValue) AND sent_at IS NULL
                """).run()
        }
    }

    /// Confirms the address if it is still the one the link was made for.
    public func confirmEmail(sealed: String, for account: ID<Account>, now: Date) async throws -> Bool {
        try await write { tx in
            let row = try await tx.db.raw("SELECT email_sealed FROM alert_settings WHERE account_id = \(bind: account.rawValue)").first()
            guard try row?.optionalString("email_sealed") == sealed else { return false }
            try await tx.db.raw("""
                UPDATE alert_settings SET email_confirmed = 1, updated_at = \(bind: now.storeMillis) WHERE account_id = \(bind: account.rawValue)
                """).run()
            return true
        }
    }

    public func setAlertLevel(_ level: AlertLevel, on channel: AlertChannel, in assembly: ID<Assembly>, for account: ID<Account>) async throws {
        try await write { tx in try await tx.setAlertLevel(level, on: channel, in: assembly, for: account) }
    }
}

extension Transaction {
    func setAlertLevel(_ level: AlertLevel, on channel: AlertChannel, in assembly: ID<Assembly>, for account: ID<Account>) async throws {
        guard try await db.raw("""
            SELECT 1 AS found FROM memberships WHERE assembly_id = \(bind: assembly.rawValue) AND account_id = \(bind: account.rawValue)
            """).first() != nil else { throw Refusal.notFound }
        try await db.raw("""
            INSERT INTO alert_levels (assembly_id, account_id, channel, level)
            VALUES (\(bind: assembly.rawValue), \(bind: account.rawValue), \(bind: channel.rawValue), \(bind: level.rawValue))
            ON CONFLICT (account_id, assembly_id, channel) DO UPDATE SET level = excluded.level
            """).run()
    }
}
