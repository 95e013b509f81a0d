import Foundation
import SQLKit
import WildcatDomain

/// An invite as the person who opens its link sees it.
public struct InviteLookup: Sendable {
    public let invite: Invite
    /// nil for the instance's first-person invite.
    public let assemblyName: String?
}

extension Store {
    /// Creates an invite link to an assembly. The caller has checked the assembly's rules allow it.
    public func createInvite(assemblyID: ID<Assembly>, by actor: Actor, terms: InviteTerms, now: Date) async throws -> (Invite, SecretToken) {
        let token = SecretToken.generate()
        let invite = Invite(id: ID(RandomText.identifier()), assemblyID: assemblyID, createdBy: nil, maxUses: terms.maxUses, uses: 0,
                            expiresAt: terms.expiresAt, revoked: false, createdAt: now)
        let createdBy: String? = if case .member(let id) = actor { id.rawValue } else { nil }
        try await write { tx in
            try await tx.insertInvite(invite, tokenHash: token.hash, createdBy: createdBy)
            try await tx.audit(assemblyID, actor: actor, AuditRecord(.inviteCreated(maxUses: terms.maxUses, expiresAt: terms.expiresAt)), now: now)
        }
        return (invite, token)
    }

    /// The link that lets the first person onto an empty instance. Returns nil once anyone has an
    /// account; otherwise withdraws earlier such links (their tokens were only ever printed) and
    /// makes a new one.
    public func firstPersonInvite(now: Date, validFor: TimeInterval) async throws -> SecretToken? {
        let token = SecretToken.generate()
        let invite = Invite(id: ID(RandomText.identifier()), assemblyID: nil, createdBy: nil, maxUses: 1, uses: 0,
                            expiresAt: now.addingTimeInterval(validFor), revoked: false, createdAt: now)
        return try await write { tx in
            if try await tx.db.raw("SELECT id FROM accounts LIMIT 1").first() != nil { return nil }
            try await tx.db.raw("UPDATE invites SET revoked = 1 WHERE assembly_id IS NULL AND revoked = 0").run()
            try await tx.insertInvite(invite, tokenHash: token.hash, createdBy: nil)
            return token
        }
    }

    /// What a link's token refers to, whatever its state; nil when no such invite exists.
    public func lookupInvite(tokenHash: String) async throws -> InviteLookup? {
        try await read { db in
            guard let row = try await db.raw("""
                SELECT i.id, i.assembly_id, i.max_uses, i.uses, i.expires_at, i.revoked, i.created_at, i.pending_proposal,
                       c.pseudonym AS creator, a.name AS assembly_name
                FROM invites i LEFT JOIN accounts c ON c.id = i.created_by LEFT JOIN assemblies a ON a.id = i.assembly_id
                WHERE i.token_hash = \(bind: tokenHash)
                """).first() else { return nil }
            return InviteLookup(invite: try Self.invite(row), assemblyName: try row.optionalString("assembly_name"))
        }
    }

    /// Invites of an assembly that can still be used, newest first.
    public func openInvites(of assemblyID: ID<Assembly>, now: Date) async throws -> [Invite] {
        try await read { db in
            try await db.raw("""
                SELECT i.id, i.assembly_id, i.max_uses, i.uses, i.expires_at, i.revoked, i.created_at, i.pending_proposal, c.pseudonym AS creator
                FROM invites i LEFT JOIN accounts c ON c.id = i.created_by
                WHERE i.assembly_id = \(bind: assemblyID.rawValue) AND i.revoked = 0 AND i.expires_at > \(bind: now.storeMillis)
                  AND (i.max_uses IS NULL OR i.uses < i.max_uses) AND i.pending_proposal IS NULL
                ORDER BY i.created_at DESC
                """).all().map(Self.invite)
        }
    }

    /// Withdraws an invite of this assembly. Any member may withdraw any open invite: stopping
    /// an admission never needs more authority than granting one, and it is logged.
    public func revokeInvite(_ inviteID: ID<Invite>, assemblyID: ID<Assembly>, by actor: Actor, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE invites SET revoked = 1
                WHERE id = \(bind: inviteID.rawValue) AND assembly_id = \(bind: assemblyID.rawValue) AND revoked = 0
                RETURNING id
                """).first() != nil else { throw Refusal.notFound }
            try await tx.audit(assemblyID, actor: actor, AuditRecord(.inviteRevoked), now: now)
        }
    }

    /// An existing account joins an assembly through an invite link.
    public func join(inviteTokenHash: String, accountID: ID<Account>, now: Date) async throws -> ID<Assembly> {
        try await write { tx in
            guard let lookup = try await tx.db.raw("SELECT assembly_id FROM invites WHERE token_hash = \(bind: inviteTokenHash)").first() else {
                throw Refusal.inviteNotFound
            }
            guard let assemblyID = try lookup.optionalString("assembly_id").map(ID<Assembly>.init) else {
                throw Refusal.notPermitted(.firstPersonLinkWhileSignedIn)
            }
            if try await tx.db.raw("SELECT 1 AS x FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: accountID.rawValue)").first() != nil {
                throw Refusal.alreadyMember
            }
            let invite = try await tx.consumeInvite(tokenHash: inviteTokenHash, now: now)
            try await tx.addMember(assemblyID: assemblyID, accountID: accountID, invitedBy: invite.createdBy, now: now)
            return assemblyID
        }
    }

    static func invite(_ row: any SQLRow) throws -> Invite {
        Invite(id: ID(try row.string("id")), assemblyID: try row.optionalString("assembly_id").map(ID.init),
               createdBy: try row.optionalString("creator"), maxUses: try row.optionalInt("max_uses"),
               uses: try row.decode(column: "uses", as: Int.self), expiresAt: try row.date("expires_at"),
               revoked: try row.flag("revoked"), createdAt: try row.date("created_at"),
               awaitingDecision: try row.optionalString("pending_proposal") != nil)
    }
}

extension Transaction {
    /// Counts one use of an invite if, and only if, it is usable now. The condition and the
    /// increment are one statement, and a CHECK constraint backs it up.
    func consumeInvite(tokenHash: String, now: Date) async throws -> (assemblyID: ID<Assembly>?, createdBy: String?) {
        if let row = try await db.raw("""
            UPDATE invites SET uses = uses + 1
            WHERE token_hash = \(bind: tokenHash) AND revoked = 0 AND expires_at > \(bind: now.storeMillis)
              AND (max_uses IS NULL OR uses < max_uses) AND pending_proposal IS NULL
            RETURNING assembly_id, created_by
            """).first() {
            return (try row.optionalString("assembly_id").map(ID.init), try row.optionalString("created_by"))
        }
        guard let row = try await db.raw("SELECT max_uses, uses, expires_at, revoked, pending_proposal FROM invites WHERE token_hash = \(bind: tokenHash)").first() else {
            throw Refusal.inviteNotFound
        }
        let status = InviteStatus.of(maxUses: try row.optionalInt("max_uses"), uses: try row.decode(column: "uses", as: Int.self),
                                     expiresAt: try row.date("expires_at"), revoked: try row.flag("revoked"),
                                     awaitingDecision: try row.optionalString("pending_proposal") != nil, now: now)
        throw Refusal.inviteNotUsable(status == .usable ? .used : status)
    }

    func insertInvite(_ invite: Invite, tokenHash: String, createdBy: String?) async throws {
        try await db.raw("""
            INSERT INTO invites (id, token_hash, assembly_id, created_by, max_uses, uses, expires_at, revoked, created_at)
            VALUES (\(bind: invite.id.rawValue), \(bind: tokenHash), \(bind: invite.assemblyID?.rawValue), \(bind: createdBy),
                    \(bind: invite.maxUses), 0, \(bind: invite.expiresAt.storeMillis), 0, \(bind: invite.createdAt.storeMillis))
            """).run()
    }
}
