import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Creates an account through an invite: the invite's use is counted atomically (a single-use
    /// link admits one person even when several try at once), and an assembly invite makes the
    /// new account a member. Returns the account and the assembly joined, if any.
    public func createAccount(
        inviteTokenHash: String, pseudonym: Pseudonym, passphraseHash: String, now: Date
    ) async throws -> (Account, ID<Assembly>?) {
        let account = Account(id: ID(RandomText.identifier()), pseudonym: pseudonym.value, createdAt: now)
        do {
            return try await write { tx in
                let invite = try await tx.consumeInvite(tokenHash: inviteTokenHash, now: now)
                if try await tx.db.raw("SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.key)").first() != nil {
                    throw Refusal.pseudonymTaken
                }
                try await tx.db.raw("""
                    INSERT INTO accounts (id, pseudonym, pseudonym_key, passphrase_hash, created_at)
                    VALUES (\(bind: account.id.rawValue), \(bind: pseudonym.value), \(bind: pseudonym.key), \(bind: passphraseHash), \(bind: now.storeMillis))
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
            if try await pseudonymExists(pseudonym) { throw Refusal.pseudonymTaken }
            throw error
        }
    }

    public func pseudonymExists(_ pseudonym: Pseudonym) async throws -> Bool {
        try await read { db in
            try await db.raw("SELECT id FROM accounts WHERE pseudonym_key = \(bind: pseudonym.key)").first() != nil
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
            try await tx.erase(messageIDs: written, now: now)
            for assemblyID in assemblies {
                try await tx.recordDeparture(assemblyID: assemblyID, accountID: accountID, fact: .accountDeleted, now: now)
            }
            try await tx.db.raw("UPDATE invites SET revoked = 1 WHERE created_by = \(bind: accountID.rawValue) AND revoked = 0").run()
            try await tx.db.raw("DELETE FROM accounts WHERE id = \(bind: accountID.rawValue)").run()
            try await tx.db.raw("DELETE FROM assemblies WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = assemblies.id)").run()
            return assemblies
        }
    }

    static func account(_ row: any SQLRow) throws -> Account {
        Account(id: ID(try row.string("id")), pseudonym: try row.string("pseudonym"), createdAt: try row.date("created_at"))
    }
}
