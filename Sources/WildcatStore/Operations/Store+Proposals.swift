import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Columns of `proposal(_:)`: a proposal `p`, its author `a` and its thread's first message `t`.
    static let proposalColumns = """
        p.id, p.assembly_id, p.author_id, a.pseudonym AS author, p.draft, p.created_at, p.closed_at, p.decision, p.tie_seed,
        t.public_id AS thread_public_id, CAST(p.ballot_count + COALESCE((SELECT SUM(c.n) FROM proposal_ballot_counts c WHERE c.proposal_id = p.id), 0) AS BIGINT) AS ballot_count, p.result, p.petition_id, p.ratification
        """
    static let proposalJoins = "LEFT JOIN accounts a ON a.id = p.author_id LEFT JOIN messages t ON t.id = p.thread_message_id"

    /// Whether the member has an urgent vote open in the assembly (drafts are JSON: read, then checked).
    public func hasOpenUrgentVote(by account: ID<Account>, in assembly: ID<Assembly>) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT draft FROM proposals WHERE assembly_id = \(bind: assembly.rawValue) AND author_id = \(bind: account.rawValue) AND closed_at IS NULL
                """).all().contains { try StoredJSON.decode(ProposalDraft.self, try $0.string("draft")).urgent == true }
        }
    }

    /// Records a proposal with what opening it records (`Opening`): its announcement in #general,
    /// whose thread is its discussion, and its audit line. An admission holds a single-use invite
    /// that works once the proposal passes; its token is returned, once, here. A secret proposal
    /// opens with its signing key, so that no ballot of it is ever cast with an account.
    public func createProposal(in assembly: Assembly, by author: Account, draft: ProposalDraft, ballotKey: BallotKey? = nil,
                               now: Date) async throws -> (Proposal, SecretToken?) {
        precondition(ballotKey == nil || draft.secret, "only a secret proposal has a signing key")
        var draft = draft
        let opening = Opening.open(ID(""), draft: draft, rules: assembly.rules)
        var held: (invite: Invite, token: SecretToken)?
        if let expiresAt = opening.heldInviteExpiresAt, case .admitPerson(var admit) = draft.effect {
            let invite = Invite(id: ID(RandomText.identifier()), assemblyID: assembly.id, createdBy: author.pseudonym, maxUses: 1, uses: 0,
                                expiresAt: expiresAt, revoked: false, createdAt: now, awaitingDecision: true)
            admit.invite = invite.id
            draft.effect = .admitPerson(admit)
            held = (invite, SecretToken.generate())
        }
        let stored = draft
        let hold = held
        let proposal = try await write { tx -> Proposal in
            let proposal = try await tx.insertProposal(stored, in: assembly, by: author, now: now)
            if let ballotKey { try await tx.insertBallotKey(ballotKey, for: proposal.id) }
            if let hold {
                try await tx.insertInvite(hold.invite, tokenHash: hold.token.hash, createdBy: author.id.rawValue)
                try await tx.db.raw("UPDATE invites SET pending_proposal = \(bind: proposal.id.rawValue) WHERE id = \(bind: hold.invite.id.rawValue)").run()
            }
            return proposal
        }
        return (proposal, held?.token)
    }

    public func proposals(in assemblyID: ID<Assembly>, limit: Int = 200) async throws -> [Proposal] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p \(unsafeRaw: Self.proposalJoins)
                WHERE p.assembly_id = \(bind: assemblyID.rawValue)
                ORDER BY (p.closed_at IS NULL) DESC, p.closes_at DESC LIMIT \(bind: limit)
                """).all().map(self.proposal)
        }
    }

    /// Open proposals in the account's assemblies on which it has not voted, soonest first.
    public func proposalsAwaitingVote(of accountID: ID<Account>, in assemblyID: ID<Assembly>? = nil, limit: Int = 50) async throws -> [Proposal] {
        try await read { db in
            // One assembly, or all of the member's (a NULL parameter has no type in PostgreSQL).
            var scope: SQLQueryString = ""
            if let assemblyID { scope = "AND p.assembly_id = \(bind: assemblyID.rawValue)" }
            return try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p \(unsafeRaw: Self.proposalJoins)
                JOIN memberships ms ON ms.assembly_id = p.assembly_id AND ms.account_id = \(bind: accountID.rawValue)
                WHERE p.closed_at IS NULL \(scope)
                  AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.proposal_id = p.id AND b.voter_id = \(bind: accountID.rawValue))
                  AND NOT EXISTS (SELECT 1 FROM secret_tokens t WHERE t.proposal_id = p.id AND t.account_id = \(bind: accountID.rawValue))
                ORDER BY p.closes_at LIMIT \(bind: limit)
                """).all().map(self.proposal)
        }
    }

    public func proposal(_ id: ID<Proposal>, in assemblyID: ID<Assembly>) async throws -> Proposal? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p \(unsafeRaw: Self.proposalJoins)
                WHERE p.id = \(bind: id.rawValue) AND p.assembly_id = \(bind: assemblyID.rawValue)
                """).first().map(self.proposal)
        }
    }

    /// A proposal's draft, without a query when this process has read it before. Says nothing of
    /// whether the proposal is still open: `castBallot` checks that in its own transaction.
    public func draft(of id: ID<Proposal>, in assemblyID: ID<Assembly>) async throws -> ProposalDraft? {
        if let known = drafts[id.rawValue], known.assembly == assemblyID.rawValue { return known.draft }
        return try await read { db in
            guard let row = try await db.raw("""
                SELECT draft FROM proposals WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { return nil }
            return try self.decodeDraft(id: id.rawValue, assembly: assemblyID.rawValue, text: try row.string("draft"))
        }
    }

    private func decodeDraft(id: String, assembly: String, text: String) throws -> ProposalDraft {
        let draft = try StoredJSON.decode(ProposalDraft.self, text)
        drafts.remember((assembly, draft), for: id)
        return draft
    }

    func proposal(_ row: any SQLRow) throws -> Proposal {
        let id = try row.string("id")
        let assembly = try row.string("assembly_id")
        let draft = try drafts[id].flatMap { $0.assembly == assembly ? $0.draft : nil }
            ?? decodeDraft(id: id, assembly: assembly, text: try row.string("draft"))
        return try Self.proposalRecord(row, draft: draft)
    }

    /// A proposal from its row (`proposal(_:)` remembers decoded drafts).
    static func proposalRecord(_ row: any SQLRow, draft known: ProposalDraft? = nil) throws -> Proposal {
        let id = try row.string("id")
        let assembly = try row.string("assembly_id")
        let draft = try known ?? StoredJSON.decode(ProposalDraft.self, try row.string("draft"))
        // A proposal being closed has '{}' for a moment, inside the closing transaction.
        let decision = try row.optionalString("decision").flatMap { $0 == "{}" ? nil : try LegacyRecords.decision($0) }
        return Proposal(id: ID(id), assemblyID: ID(assembly),
                        authorID: try row.optionalString("author_id").map(ID.init), author: try row.optionalString("author"), draft: draft,
                        createdAt: try row.date("created_at"), closedAt: try row.optionalDate("closed_at"),
                        decision: decision, tieSeed: try row.decode(column: "tie_seed", as: Int64?.self).map { UInt64(bitPattern: $0) },
                        threadMessage: try row.optionalString("thread_public_id").map(ID.init),
                        ballotCount: try row.int("ballot_count"),
                        result: try row.optionalString("result").map { try StoredJSON.decode(TallyResult.self, $0) },
                        petition: try row.optionalString("petition_id").map(ID.init),
                        ratification: try row.optionalString("ratification").map { try StoredJSON.decode(Ratification.self, $0) })
    }
}

extension Transaction {
    /// Records a proposal with what opening it records (`Opening`): its announcement in #general,
    /// whose thread is its discussion, and its audit line. Without an author, the platform opens
    /// it (a recall vote that a petition called).
    func insertProposal(_ draft: ProposalDraft, in assembly: Assembly, by author: Account?, petition: ID<RecallPetition>? = nil,
                        now: Date) async throws -> Proposal {
        let id = ID<Proposal>(RandomText.identifier())
        let opening = Opening.open(id, draft: draft, rules: assembly.rules)
        let thread = try await post(opening.post, in: assembly.id, general: assembly.generalChannel, now: now)
        try await db.raw("""
            INSERT INTO proposals (id, assembly_id, author_id, draft, created_at, closes_at, thread_message_id, petition_id)
            VALUES (\(bind: id.rawValue), \(bind: assembly.id.rawValue), \(bind: author?.id.rawValue), \(bind: try StoredJSON.encode(draft)),
                    \(bind: now.storeMillis), \(bind: draft.closesAt.storeMillis), \(bind: thread?.position), \(bind: petition?.rawValue))
            """).run()
        try await audit(assembly.id, actor: author.map { .member($0.id) } ?? .assembly, opening.audit, now: now)
        try await record(.proposal(id, .open), in: assembly.id, now: now)
        let title = assembly.rules.alertTitles ? draft.title : nil
        if draft.urgent == true { try await record(.urgentVote(id, title: title), in: assembly.id, now: now) }
        try await enqueueAlert(draft.urgent == true ? .urgentVote : .proposal, key: "proposal:\(id)", in: assembly.id, title: title,
                               link: "/a/\(assembly.id)/p/\(id)", now: now)
        return Proposal(id: id, assemblyID: assembly.id, authorID: author?.id, author: author?.pseudonym, draft: draft, createdAt: now,
                        closedAt: nil, decision: nil, tieSeed: nil, threadMessage: thread?.id, ballotCount: 0, petition: petition)
    }
}
