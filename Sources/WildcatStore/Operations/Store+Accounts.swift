import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Creates an account through an invite: the invite's use is counted atomically (a single-use
    /// link admits one person even when several try at once), and an assembly invite makes the
    /// new account a member. Returns the account and the assembly joined, if any.
    /// The pseudonym must differ from every other in its folded form and its lookalike skeleton.
    public func createAccount(
        inviteTokenHash: String, pseudonym distinct: DistinctPseudonym, passphraseHash: String, now: Date
    ) async throws -> (Account, ID<Assembly>?) {
        let pseudonym = distinct.pseudonym
        let account = Account(id: ID(RandomText.identifier()), pseudonym: pseudonym.value, createdAt: now)
        do {
            return try await write { tx in
                let invite = try await tx.consumeInvite(tokenHash: inviteTokenHash, now: now)
                if try await tx.pseudonymTaken(distinct) { throw Refusal.pseudonymTaken }
                try await tx.db.raw("""
                    INSERT INTO accounts (id, pseudonym, pseudonym_key, pseudonym_skeleton, passphrase_hash, created_at)
                    VALUES (\(bind: account.id.rawValue), \(bind: pseudonym.value), \(bind: pseudonym.key), \(bind: distinct.skeleton),
                            \(bind: passphraseHash), \(bind: now.storeMillis))
                    """).run()
                if let assemblyID = invite.assemblyID {
                    try await tx.addMember(assemblyID: assemblyID, accountID: account.id, invitedBy: invite.createdBy, now: now)
                }
                return (account, invite.assemblyID)
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            // A concurrent sign-up may have taken the pseudonym between our check and insert.
            if try await pseudonymTaken(distinct) { throw Refusal.pseudonymTaken }
            throw error
        }
    }

    /// Whether an account has this pseudonym, or one that looks the same.
    public func pseudonymTaken(_ pseudonym: DistinctPseudonym) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.pseudonym.key) OR pseudonym_skeleton = \(bind: pseudonym.skeleton)
                """).first() != nil
        }
    }

    /// Gives accounts made before lookalikes were checked their skeleton. Two older accounts that
    /// look alike keep theirs only for the first; returns the pseudonyms left without one.
    @discardableResult
    public func fillMissingSkeletons(_ skeleton: @escaping @Sendable (String) -> String?) async throws -> [String] {
        let missing = try await read { db in
            try await db.raw("SELECT id, pseudonym_key, pseudonym FROM accounts WHERE pseudonym_skeleton IS NULL ORDER BY created_at, id").all()
                .map { (id: try $0.string("id"), key: try $0.string("pseudonym_key"), name: try $0.string("pseudonym")) }
        }
        guard !missing.isEmpty else { return [] }
        return try await write { tx in
            var clashes: [String] = []
            for account in missing {
                guard let value = skeleton(account.key),
                      try await tx.db.raw("SELECT id FROM accounts WHERE pseudonym_skeleton = \(bind: value)").first() == nil else {
                    clashes.append(account.name)
                    continue
                }
                try await tx.db.raw("UPDATE accounts SET pseudonym_skeleton = \(bind: value) WHERE id = \(bind: account.id)").run()
            }
            return clashes
        }
    }

    /// Replaces the passphrase. Unless `keeping` says otherwise, every other session of the
    /// account ends (and its live sockets close): a changed passphrase is how a member takes back
    /// an account someone else may know.
    public func changePassphrase(_ accountID: ID<Account>, to hash: String, keeping current: ID<Session>, signOutOthers: Bool, now: Date) async throws {
        try await write { tx in
            try await tx.db.raw("UPDATE accounts SET passphrase_hash = \(bind: hash) WHERE id = \(bind: accountID.rawValue)").run()
            guard signOutOthers else { return }
            let others = try await tx.db.raw("""
                DELETE FROM sessions WHERE account_id = \(bind: accountID.rawValue) AND id <> \(bind: current.rawValue) RETURNING id
                """).all().map { ID<Session>(try $0.string("id")) }
            for session in others { try await tx.revoke(accountID, session: session, now: now) }
        }
    }

    /// The account and its passphrase hash, for checking a login.
    public func credentials(pseudonymKey: String) async throws -> (Account, passphraseHash: String)? {
        try await read { db in
            guard let row = try await db.raw("SELECT id, pseudonym, created_at, passphrase_hash FROM accounts WHERE pseudonym_key = \(bind: pseudonymKey)").first() else { return nil }
            return (try Self.account(row), try row.string("passphrase_hash"))
        }
    }

    public func passphraseHash(accountID: ID<Account>) async throws -> String? {
        try await read { db in
            try await db.raw("SELECT passphrase_hash FROM accounts WHERE id = \(bind: accountID.rawValue)").first()?.string("passphrase_hash")
        }
    }

    public func accountCount() async throws -> Int {
        try await read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM accounts").first()?.int("n") ?? 0
        }
    }

    /// Deletes an account and everything that is only theirs: messages, sessions, memberships,
    /// invites they made. Each assembly's log records that a member left; an assembly left with no
    /// members is deleted with all its data. Returns the assemblies the account was in.
    @discardableResult
    public func deleteAccount(_ accountID: ID<Account>, now: Date) async throws -> [ID<Assembly>] {
        try await write { tx in
            let assemblies = try await tx.db.raw("SELECT assembly_id FROM memberships WHERE account_id = \(bind: accountID.rawValue)").all()
                .map { ID<Assembly>(try $0.string("assembly_id")) }
            let written = try await tx.db.raw("SELECT id FROM messages WHERE author_id = \(bind: accountID.rawValue) AND deleted = 0").all()
                .map { try $0.int64("id") }
            try await tx.erase(positions: written, now: now)
            // Their conversations go with the account (both halves), and the live records that carry them.
            let direct = try await tx.db.raw("""
                SELECT x.public_id FROM direct_messages x JOIN direct_conversations d ON d.id = x.conversation_id
                WHERE d.first_id = \(bind: accountID.rawValue) OR d.second_id = \(bind: accountID.rawValue)
                """).all().map { try $0.string("public_id") }
            try await tx.eraseDirect(publicIDs: direct)
            for assemblyID in assemblies {
                try await tx.recordDeparture(assemblyID: assemblyID, accountID: accountID, fact: .accountDeleted, now: now)
            }
            try await tx.db.raw("UPDATE invites SET revoked = 1 WHERE created_by = \(bind: accountID.rawValue) AND revoked = 0").run()
            try await tx.db.raw("DELETE FROM accounts WHERE id = \(bind: accountID.rawValue)").run()
            for assemblyID in assemblies { try await tx.afterDepartures(in: assemblyID) }
            try await tx.revoke(accountID, session: nil, now: now)
            try await tx.db.raw("DELETE FROM assemblies WHERE kind = 'assembly' AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = assemblies.id)").run()
            return assemblies
        }
    }

    // MARK: Known devices

    /// Notes that the device holding this token signed in as the account.
    public func rememberDevice(_ tokenHash: String, of accountID: ID<Account>, now: Date) async throws {
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO known_devices (token_hash, account_id, created_at, last_used_at)
                VALUES (\(bind: tokenHash), \(bind: accountID.rawValue), \(bind: now.storeMillis), \(bind: now.storeMillis))
                ON CONFLICT (token_hash, account_id) DO UPDATE SET last_used_at = excluded.last_used_at
                """).run()
        }
    }

    /// Whether the device holding this token has signed in as the account before.
    public func isKnownDevice(_ tokenHash: String, of accountID: ID<Account>) async throws -> Bool {
        try await read { db in
            try await db.raw("SELECT account_id FROM known_devices WHERE token_hash = \(bind: tokenHash) AND account_id = \(bind: accountID.rawValue)")
                .first() != nil
        }
    }

    static func account(_ row: any SQLRow) throws -> Account {
        Account(id: ID(try row.string("id")), pseudonym: try row.string("pseudonym"), createdAt: try row.date("created_at"))
    }
}

extension Transaction {
    func pseudonymTaken(_ pseudonym: DistinctPseudonym) async throws -> Bool {
        try await db.raw("""
            SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.pseudonym.key) OR pseudonym_skeleton = \(bind: pseudonym.skeleton)
            """).first() != nil
    }
}
