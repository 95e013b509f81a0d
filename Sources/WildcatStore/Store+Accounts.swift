import Foundation
import SQLKit
import WildcatDomain

/// Who performed a privileged act: a member, the operator at the command line, or the assembly.
public enum Actor: Sendable, Hashable {
    case member(ID<Account>)
    case `operator`
    /// The assembly itself, by a decision it took.
    case assembly

    var memberID: String? {
        if case .member(let id) = self { return id.rawValue }
        return nil
    }

    var isOperator: Int64 { self == .operator ? 1 : 0 }
}

extension Store {
    // MARK: Accounts

    /// Creates an account through an invite: the invite's use is counted atomically (a single-use
    /// link admits one person even when several try at once), and an assembly invite makes the
    /// new account a member. Returns the account and the assembly joined, if any.
    public func createAccount(
        inviteTokenHash: String, pseudonym: Pseudonym, passphraseHash: String, now: Date
    ) async throws -> (Account, ID<Assembly>?) {
        let account = Account(id: ID(RandomText.identifier()), pseudonym: pseudonym.value, createdAt: now)
        do {
            return try await engine.write { db in
                let invite = try await Self.consumeInvite(db, tokenHash: inviteTokenHash, now: now)
                if try await db.raw("SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.key)").first() != nil {
                    throw Refusal.pseudonymTaken
                }
                try await db.raw("""
                    INSERT INTO accounts (id, pseudonym, pseudonym_key, passphrase_hash, created_at)
                    VALUES (\(bind: account.id.rawValue), \(bind: pseudonym.value), \(bind: pseudonym.key), \(bind: passphraseHash), \(bind: now.storeMillis))
                    """).run()
                if let assemblyID = invite.assemblyID {
                    try await Self.addMember(db, assemblyID: assemblyID, accountID: account.id, invitedBy: invite.createdBy, now: now)
                }
                return (account, invite.assemblyID)
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            // A concurrent sign-up may have taken the pseudonym between our check and insert.
            if try await pseudonymExists(pseudonym) { throw Refusal.pseudonymTaken }
            throw error
        }
    }

    public func pseudonymExists(_ pseudonym: Pseudonym) async throws -> Bool {
        try await engine.read { db in
            try await db.raw("SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.key)").first() != nil
        }
    }

    /// The account and its passphrase hash, for checking a login.
    public func credentials(pseudonymKey: String) async throws -> (Account, passphraseHash: String)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT id, pseudonym, created_at, passphrase_hash FROM accounts WHERE pseudonym_key = \(bind: pseudonymKey)").first() else { return nil }
            return (try Self.account(row), try row.string("passphrase_hash"))
        }
    }

    public func passphraseHash(accountID: ID<Account>) async throws -> String? {
        try await engine.read { db in
            try await db.raw("SELECT passphrase_hash FROM accounts WHERE id = \(bind: accountID.rawValue)").first()?.string("passphrase_hash")
        }
    }

    public func accountCount() async throws -> Int {
        try await engine.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM accounts").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Deletes an account and everything that is only theirs: messages, sessions, memberships,
    /// invites they made. Each assembly's log records that a member left; an assembly left with no
    /// members is deleted with all its data.
    public func deleteAccount(_ accountID: ID<Account>, now: Date) async throws {
        try await engine.write { db in
            let assemblies = try await db.raw("SELECT assembly_id FROM memberships WHERE account_id = \(bind: accountID.rawValue)").all()
                .map { try $0.string("assembly_id") }
            let written = try await db.raw("SELECT id FROM messages WHERE author_id = \(bind: accountID.rawValue) AND deleted = 0").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            try await Self.erase(db, messageIDs: written, now: now)
            for assemblyID in assemblies {
                try await Self.recordDeparture(db, assemblyID: assemblyID, accountID: accountID, detail: ["reason": "accountDeleted"], now: now)
            }
            try await db.raw("UPDATE invites SET revoked = 1 WHERE created_by = \(bind: accountID.rawValue) AND revoked = 0").run()
            try await db.raw("DELETE FROM accounts WHERE id = \(bind: accountID.rawValue)").run()
            try await db.raw("DELETE FROM assemblies WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = assemblies.id)").run()
        }
    }

    // MARK: Sessions

    /// Records a new signed-in device; the token itself is kept by the device only.
    public func createSession(accountID: ID<Account>, tokenHash: String, device: String, now: Date, expiresAt: Date) async throws -> Session {
        let session = Session(id: ID(RandomText.identifier()), accountID: accountID, device: String(device.prefix(80)), createdAt: now, lastSeenAt: now, expiresAt: expiresAt)
        try await engine.write { db in
            try await db.raw("""
                INSERT INTO sessions (id, account_id, token_hash, device, created_at, last_seen_at, expires_at)
                VALUES (\(bind: session.id.rawValue), \(bind: accountID.rawValue), \(bind: tokenHash), \(bind: session.device),
                        \(bind: now.storeMillis), \(bind: now.storeMillis), \(bind: expiresAt.storeMillis))
                """).run()
        }
        return session
    }

    /// The live session and its account for a token hash; nil when unknown or expired.
    public func session(tokenHash: String, now: Date) async throws -> (Session, Account)? {
        try await engine.read { db in
            guard let row = try await db.raw("""
                SELECT s.id AS sid, s.device, s.created_at AS s_created, s.last_seen_at, s.expires_at,
                       a.id, a.pseudonym, a.created_at
                FROM sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now.storeMillis)
                """).first() else { return nil }
            let account = try Self.account(row)
            let session = Session(
                id: ID(try row.string("sid")), accountID: account.id, device: try row.string("device"),
                createdAt: try row.date("s_created"), lastSeenAt: try row.date("last_seen_at"), expiresAt: try row.date("expires_at")
            )
            return (session, account)
        }
    }

    /// Notes activity on a session and moves its idle expiry.
    public func touchSession(_ id: ID<Session>, now: Date, expiresAt: Date) async throws {
        try await engine.write { db in
            try await db.raw("UPDATE sessions SET last_seen_at = \(bind: now.storeMillis), expires_at = \(bind: expiresAt.storeMillis) WHERE id = \(bind: id.rawValue)").run()
        }
    }

    /// Notes activity on many sessions at once (batched by the web layer).
    public func touchSessions(_ touches: [(id: ID<Session>, lastSeen: Date, expiresAt: Date)]) async throws {
        guard !touches.isEmpty else { return }
        try await engine.write { db in
            for touch in touches {
                try await db.raw("""
                    UPDATE sessions SET last_seen_at = \(bind: touch.lastSeen.storeMillis), expires_at = \(bind: touch.expiresAt.storeMillis)
                    WHERE id = \(bind: touch.id.rawValue)
                    """).run()
            }
        }
    }

    public func sessions(accountID: ID<Account>, now: Date) async throws -> [Session] {
        try await engine.read { db in
            try await db.raw("""
                SELECT id, device, created_at, last_seen_at, expires_at FROM sessions
                WHERE account_id = \(bind: accountID.rawValue) AND expires_at > \(bind: now.storeMillis)
                ORDER BY last_seen_at DESC
                """).all().map { row in
                Session(id: ID(try row.string("id")), accountID: accountID, device: try row.string("device"),
                        createdAt: try row.date("created_at"), lastSeenAt: try row.date("last_seen_at"), expiresAt: try row.date("expires_at"))
            }
        }
    }

    /// Ends one of the account's own sessions. False when there was no such session of theirs.
    @discardableResult
    public func revokeSession(_ id: ID<Session>, accountID: ID<Account>) async throws -> Bool {
        try await engine.write { db in
            try await db.raw("DELETE FROM sessions WHERE id = \(bind: id.rawValue) AND account_id = \(bind: accountID.rawValue) RETURNING id").first() != nil
        }
    }

    /// Deletes expired sessions; returns how many.
    @discardableResult
    public func purgeExpiredSessions(now: Date) async throws -> Int {
        try await engine.write { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now.storeMillis) RETURNING id").all().count
        }
    }

    static func account(_ row: any SQLRow) throws -> Account {
        Account(id: ID(try row.string("id")), pseudonym: try row.string("pseudonym"), createdAt: try row.date("created_at"))
    }
}
