import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// The secret proposal's key: the public half, and the private half while it is open. A
    /// secret proposal opens with its key; one opened before that (migration 11) gets it the
    /// first time it is asked for, unless ballots were already cast with accounts: nil then, and
    /// it keeps those to its close rather than lose them (on several nodes, the first key stored wins).
    public func ballotKey(for proposalID: ID<Proposal>, make: @Sendable () async throws -> BallotKey) async throws -> (BallotPublicKey, BallotKey?)? {
        if let found = try await storedBallotKey(proposalID) { return found }
        let key = try await make()
        let made = try await write { tx -> Bool in
            guard try await tx.db.raw("""
                SELECT 1 AS one FROM proposals WHERE id = \(bind: proposalID.rawValue) AND closed_at IS NULL
                """).first() != nil else { throw Refusal.votingClosed }
            if try await tx.db.raw("SELECT 1 AS one FROM ballots WHERE proposal_id = \(bind: proposalID.rawValue) LIMIT 1").first() != nil {
                return false
            }
            try await tx.insertBallotKey(key, for: proposalID)
            return true
        }
        guard made else { return nil }
        guard let stored = try await storedBallotKey(proposalID) else { throw Refusal.notFound }
        return stored
    }

    private func storedBallotKey(_ proposalID: ID<Proposal>) async throws -> (BallotPublicKey, BallotKey?)? {
        try await read { db in
            guard let row = try await db.raw("SELECT public_der, private_der FROM secret_keys WHERE proposal_id = \(bind: proposalID.rawValue)").first() else {
                return nil
            }
            let privateDER = try row.decode(column: "private_der", as: Data?.self)
            return (BallotPublicKey(der: try row.decode(column: "public_der", as: Data.self)), try privateDER.map { try BallotKey(privateDER: $0) })
        }
    }

    /// A secret proposal by its id alone, for the casting route, which knows no assembly.
    public func secretProposal(_ id: ID<Proposal>) async throws -> Proposal? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p \(unsafeRaw: Self.proposalJoins) WHERE p.id = \(bind: id.rawValue)
                """).first().map(self.proposal)
        }.flatMap { $0.draft.secret ? $0 : nil }
    }

    /// Whether the member took their token for this proposal.
    public func hasToken(_ proposalID: ID<Proposal>, member: ID<Account>) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT 1 AS one FROM secret_tokens WHERE proposal_id = \(bind: proposalID.rawValue) AND account_id = \(bind: member.rawValue)
                """).first() != nil
        }
    }

    /// Records that the member took their token: once, while the proposal is open, for a member
    /// of its assembly. The token itself is never seen here.
    public func recordToken(_ proposalID: ID<Proposal>, in assemblyID: ID<Assembly>, member: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT p.closed_at, p.closes_at FROM proposals p
                JOIN memberships m ON m.assembly_id = p.assembly_id AND m.account_id = \(bind: member.rawValue)
                WHERE p.id = \(bind: proposalID.rawValue) AND p.assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { throw Refusal.notFound }
            guard try row.decode(column: "closed_at", as: Int64?.self) == nil, try row.int64("closes_at") > now.storeMillis else { throw Refusal.votingClosed }
            let inserted = try await tx.db.raw("""
                INSERT INTO secret_tokens (proposal_id, slot, account_id)
                VALUES (\(bind: proposalID.rawValue), \(bind: RandomText.identifier()), \(bind: member.rawValue))
                ON CONFLICT (proposal_id, account_id) DO NOTHING RETURNING slot
                """).first()
            guard inserted != nil else { throw Refusal.tokenAlreadyTaken }
        }
    }

    /// Stores a secret ballot under its token, already checked against the key and the
    /// proposal, as the next entry of the board. The proposal's row numbers the entries (and on
    /// PostgreSQL locks them into one order); the unique index refuses a token twice.
    public func castSecret(_ proposalID: ID<Proposal>, token: Data, signature: Data, ballot: Ballot, now: Date) async throws -> BoardEntry {
        let json = try StoredJSON.encode(ballot)
        return try await write { tx in
            guard let counted = try await tx.db.raw("""
                UPDATE proposals SET ballot_count = ballot_count + 1
                WHERE id = \(bind: proposalID.rawValue) AND closed_at IS NULL AND closes_at > \(bind: now.storeMillis)
                RETURNING ballot_count
                """).first() else { throw Refusal.votingClosed }
            let number = try counted.int("ballot_count")
            if try await tx.db.raw("""
                SELECT 1 AS one FROM secret_ballots WHERE proposal_id = \(bind: proposalID.rawValue) AND token = \(bind: token)
                """).first() != nil { throw Refusal.tokenAlreadyUsed }
            let previous = try await tx.db.raw("""
                SELECT hash FROM secret_ballots WHERE proposal_id = \(bind: proposalID.rawValue) AND number = \(bind: number - 1)
                """).first()?.decode(column: "hash", as: Data.self) ?? BoardChain.start(proposal: proposalID)
            let hash = BoardChain.link(previous: previous, token: token, signature: signature, ballot: json)
            try await tx.db.raw("""
                INSERT INTO secret_ballots (proposal_id, number, token, signature, ballot, hash)
                VALUES (\(bind: proposalID.rawValue), \(bind: number), \(bind: token), \(bind: signature), \(bind: json), \(bind: hash))
                """).run()
            return BoardEntry(number: number, token: token.base64URL, signature: signature.base64URL, ballot: json,
                              hash: hash.hexText)
        }
    }

    /// How many took a token, and who (pseudonyms; a deleted account as nil).
    public func tokenHolders(_ proposalID: ID<Proposal>) async throws -> [String?] {
        try await read { db in
            try await db.raw("""
                SELECT a.pseudonym FROM secret_tokens t LEFT JOIN accounts a ON a.id = t.account_id
                WHERE t.proposal_id = \(bind: proposalID.rawValue) ORDER BY a.pseudonym_key
                """).all().map { try $0.optionalString("pseudonym") }
        }
    }

    /// A closed secret proposal's board; nil while it is open or when it is not secret.
    public func board(_ proposal: Proposal) async throws -> Board? {
        guard proposal.draft.secret, let closedAt = proposal.closedAt, let decision = proposal.decision else { return nil }
        guard let (key, _) = try await storedBallotKey(proposal.id) else { return nil }
        let holders = try await tokenHolders(proposal.id)
        let entries = try await read { db in
            try await db.raw("""
                SELECT number, token, signature, ballot, hash FROM secret_ballots WHERE proposal_id = \(bind: proposal.id.rawValue) ORDER BY number
                """).all().map { row in
                BoardEntry(number: try row.int("number"), token: try row.decode(column: "token", as: Data.self).base64URL,
                           signature: try row.decode(column: "signature", as: Data.self).base64URL, ballot: try row.string("ballot"),
                           hash: try row.decode(column: "hash", as: Data.self).hexText)
            }
        }
        return Board(proposal: proposal.id, draft: proposal.draft, key: key, closedAt: closedAt.storeMillis, eligible: decision.members,
                     tookToken: holders.map { $0 ?? "a former member" }, entries: entries, result: proposal.result)
    }
}

extension Store {
    /// After a secret proposal closes: the write-ahead log, which holds its writes in the order
    /// they came, is emptied at the next checkpoint (SQLite; within 200 ms).
    public func forgetWriteOrder() { engine.forgetWriteOrder() }
}

extension Transaction {
    /// A secret proposal's ballots for closing, keyed by their tokens, in the board's order; the
    /// private key goes in the same transaction, so no token can be made after the close.
    func secretBallotsForClosing(_ proposalID: ID<Proposal>) async throws -> [Closing.CastBallot] {
        try await db.raw("UPDATE secret_keys SET private_der = NULL WHERE proposal_id = \(bind: proposalID.rawValue)").run()
        return try await db.raw("SELECT token, ballot FROM secret_ballots WHERE proposal_id = \(bind: proposalID.rawValue) ORDER BY number").all().map { row in
            let text = try row.string("ballot")
            return Closing.CastBallot(key: try row.decode(column: "token", as: Data.self).base64URL, stored: text,
                                      ballot: try StoredJSON.decode(Ballot.self, text), weight: 1)
        }
    }
}

extension Transaction {
    func insertBallotKey(_ key: BallotKey, for proposalID: ID<Proposal>) async throws {
        try await db.raw("""
            INSERT INTO secret_keys (proposal_id, public_der, private_der)
            VALUES (\(bind: proposalID.rawValue), \(bind: key.publicKey.der), \(bind: key.privateDER))
            ON CONFLICT (proposal_id) DO NOTHING
            """).run()
    }
}
