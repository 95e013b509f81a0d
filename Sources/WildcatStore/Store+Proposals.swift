import Crypto
import Foundation
import SQLKit
import WildcatDomain

extension Store {
    static let proposalColumns = """
        p.id, p.assembly_id, p.author_id, a.pseudonym AS author, p.draft, p.created_at, p.closed_at, p.decision, p.tie_seed,
        p.thread_message_id, p.ballot_count
        """

    /// Records a proposal, opens its discussion thread in #general, and, for admitting someone,
    /// makes the single-use invite that works once the proposal passes (returned once, here).
    public func createProposal(in assembly: Assembly, by author: Account, draft: ProposalDraft, now: Date) async throws -> (Proposal, SecretToken?) {
        var draft = draft
        var token: SecretToken?
        let id = ID<Proposal>(RandomText.identifier())
        if case .admitPerson(_, let description) = draft.effect {
            token = SecretToken.generate()
            draft.effect = .admitPerson(invite: ID(RandomText.identifier()), description: description)
        }
        let final = draft
        let inviteToken = token
        let proposal = try await engine.write { db -> Proposal in
            let general = assembly.id.rawValue + "g"
            var thread: Int64?
            if let row = try await db.raw("""
                INSERT INTO messages (channel_id, assembly_id, author_id, thread_root_id, body, created_at)
                SELECT c.id, c.assembly_id, \(bind: author.id.rawValue), NULL, \(bind: "New proposal: **\(final.title)** (/a/\(assembly.id)/p/\(id)). Discuss it in this thread."), \(bind: now.storeMillis)
                FROM channels c WHERE c.id = \(bind: general)
                RETURNING id
                """).first() {
                let messageID = try row.decode(column: "id", as: Int64.self)
                thread = messageID
                try await Self.recordMessageEvent(db, try await Self.message(db, id: messageID), now: now)
            }
            try await db.raw("""
                INSERT INTO proposals (id, assembly_id, author_id, draft, created_at, closes_at, thread_message_id)
                VALUES (\(bind: id.rawValue), \(bind: assembly.id.rawValue), \(bind: author.id.rawValue), \(bind: try Self.encodeJSON(final)),
                        \(bind: now.storeMillis), \(bind: final.closesAt.storeMillis), \(bind: thread))
                """).run()
            if case .admitPerson(let invite, _) = final.effect, let inviteToken {
                try await db.raw("""
                    INSERT INTO invites (id, token_hash, assembly_id, created_by, max_uses, uses, expires_at, revoked, created_at, pending_proposal)
                    VALUES (\(bind: invite.rawValue), \(bind: inviteToken.hash), \(bind: assembly.id.rawValue), \(bind: author.id.rawValue), 1, 0,
                            \(bind: final.closesAt.addingTimeInterval(TimeInterval(assembly.rules.inviteExpiryHours) * 3600).storeMillis), 0,
                            \(bind: now.storeMillis), \(bind: id.rawValue))
                    """).run()
            }
            try await Self.recordAudit(db, assemblyID: assembly.id.rawValue, kind: .proposalCreated, actor: .member(author.id), subject: nil,
                                       detail: ["proposal": id.rawValue, "title": final.title, "effect": final.effect?.summary(comparedTo: assembly.rules) ?? ""], now: now)
            try await Self.recordEvent(db, assemblyID: assembly.id.rawValue, kind: .proposal, payload: ["id": id.rawValue, "status": "open"], now: now)
            return Proposal(id: id, assemblyID: assembly.id, authorID: author.id, author: author.pseudonym, draft: final, createdAt: now,
                            closedAt: nil, decision: nil, tieSeed: nil, threadMessageID: thread, ballotCount: 0)
        }
        return (proposal, token)
    }

    public func proposals(in assemblyID: ID<Assembly>, limit: Int = 200) async throws -> [Proposal] {
        try await engine.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p LEFT JOIN accounts a ON a.id = p.author_id
                WHERE p.assembly_id = \(bind: assemblyID.rawValue)
                ORDER BY (p.closed_at IS NULL) DESC, p.closes_at DESC LIMIT \(bind: limit)
                """).all().map(Self.proposal)
        }
    }

    public func proposal(_ id: ID<Proposal>, in assemblyID: ID<Assembly>) async throws -> Proposal? {
        try await engine.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p LEFT JOIN accounts a ON a.id = p.author_id
                WHERE p.id = \(bind: id.rawValue) AND p.assembly_id = \(bind: assemblyID.rawValue)
                """).first().map(Self.proposal)
        }
    }

    /// Casts or replaces a member's ballot on an open proposal: one ballot per member, enforced
    /// by the primary key. Returns how many have voted (kept as a counter: a vote must not cost a
    /// count of all the others).
    public func castBallot(_ ballot: Ballot, on proposalID: ID<Proposal>, in assemblyID: ID<Assembly>, by voter: ID<Account>,
                           now: Date) async throws -> Int {
        let json = try Self.encodeJSON(ballot)
        return try await engine.write { db in
            guard let row = try await db.raw("""
                SELECT p.closed_at, p.closes_at FROM proposals p
                JOIN memberships m ON m.assembly_id = p.assembly_id AND m.account_id = \(bind: voter.rawValue)
                WHERE p.id = \(bind: proposalID.rawValue) AND p.assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { throw Refusal.notFound }
            guard try row.decode(column: "closed_at", as: Int64?.self) == nil, try row.decode(column: "closes_at", as: Int64.self) > now.storeMillis else {
                throw Refusal.votingClosed
            }
            let replaced = try await db.raw("""
                UPDATE ballots SET ballot = \(bind: json), cast_at = \(bind: now.storeMillis)
                WHERE proposal_id = \(bind: proposalID.rawValue) AND voter_id = \(bind: voter.rawValue) RETURNING voter_id
                """).first() != nil
            if !replaced {
                try await db.raw("""
                    INSERT INTO ballots (proposal_id, voter_id, ballot, cast_at)
                    VALUES (\(bind: proposalID.rawValue), \(bind: voter.rawValue), \(bind: json), \(bind: now.storeMillis))
                    """).run()
            }
            guard let counted = try await db.raw("""
                UPDATE proposals SET ballot_count = ballot_count + \(bind: replaced ? 0 : 1) WHERE id = \(bind: proposalID.rawValue) RETURNING ballot_count
                """).first() else { throw Refusal.notFound }
            return try counted.decode(column: "ballot_count", as: Int.self)
        }
    }

    public func memberCount(of assemblyID: ID<Assembly>) async throws -> Int {
        try await engine.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The member's own ballot, if cast.
    public func ballot(on proposalID: ID<Proposal>, by voter: ID<Account>) async throws -> Ballot? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT ballot FROM ballots WHERE proposal_id = \(bind: proposalID.rawValue) AND voter_id = \(bind: voter.rawValue)").first() else { return nil }
            return try JSONDecoder().decode(Ballot.self, from: Data(try row.string("ballot").utf8))
        }
    }

    /// Every ballot with its voter's pseudonym (nil once the account is gone). Pages hide voters
    /// of secret ballots.
    public func ballots(on proposalID: ID<Proposal>) async throws -> [(voter: String?, ballot: Ballot)] {
        try await engine.read { db in
            try await db.raw("""
                SELECT a.pseudonym, b.ballot FROM ballots b LEFT JOIN accounts a ON a.id = b.voter_id
                WHERE b.proposal_id = \(bind: proposalID.rawValue) ORDER BY b.cast_at, b.voter_id
                """).all().map { (try $0.optionalString("pseudonym"), try JSONDecoder().decode(Ballot.self, from: Data(try $0.string("ballot").utf8))) }
        }
    }

    /// Open proposals on which every member has voted.
    public func fullyVotedProposals() async throws -> [(ID<Proposal>, ID<Assembly>)] {
        try await engine.read { db in
            try await db.raw("""
                SELECT p.id, p.assembly_id FROM proposals p WHERE p.closed_at IS NULL
                  AND p.ballot_count >= (SELECT COUNT(*) FROM memberships m WHERE m.assembly_id = p.assembly_id) LIMIT 100
                """).all().map { (ID(try $0.string("id")), ID(try $0.string("assembly_id"))) }
        }
    }

    /// Open proposals whose deadline has passed.
    public func dueProposals(now: Date) async throws -> [(ID<Proposal>, ID<Assembly>)] {
        try await engine.read { db in
            try await db.raw("SELECT id, assembly_id FROM proposals WHERE closed_at IS NULL AND closes_at <= \(bind: now.storeMillis) ORDER BY closes_at LIMIT 100")
                .all().map { (ID(try $0.string("id")), ID(try $0.string("assembly_id"))) }
        }
    }

    /// Closes a proposal exactly once (a second call, on any node, finds it closed and does
    /// nothing): tallies it, decides with quorum, carries out its effect if it passed, and records
    /// all of it, in one transaction. nil when it was already closed.
    @discardableResult
    public func closeProposal(_ id: ID<Proposal>, in assemblyID: ID<Assembly>, now: Date) async throws -> Proposal? {
        try await engine.write { db -> Proposal? in
            guard try await db.raw("""
                UPDATE proposals SET closed_at = \(bind: now.storeMillis), decision = '{}'
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue) AND closed_at IS NULL
                RETURNING id
                """).first() != nil else { return nil }
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p LEFT JOIN accounts a ON a.id = p.author_id WHERE p.id = \(bind: id.rawValue)
                """).first() else { return nil }
            let open = try Self.proposal(row)
            let stored = try await db.raw("SELECT voter_id, ballot FROM ballots WHERE proposal_id = \(bind: id.rawValue) ORDER BY voter_id").all()
                .map { (try $0.string("voter_id"), try $0.string("ballot")) }
            let members = try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            // The draw's seed is a digest of the closing record: anyone with the ballots can recount.
            var digest = SHA256()
            digest.update(data: Data("\(id.rawValue)|\(now.storeMillis)".utf8))
            for (voter, ballot) in stored { digest.update(data: Data("|\(voter)=\(ballot)".utf8)) }
            let seed = Data(digest.finalize()).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let ballots = try stored.map { try JSONDecoder().decode(Ballot.self, from: Data($0.1.utf8)) }
            let counted = Proposal(id: open.id, assemblyID: open.assemblyID, authorID: open.authorID, author: open.author, draft: open.draft,
                                   createdAt: open.createdAt, closedAt: now, decision: nil, tieSeed: seed, threadMessageID: open.threadMessageID,
                                   ballotCount: ballots.count)
            let result = try Tally.tally(counted.election(ballots: ballots))
            let outcome = Decision.decide(result, quorum: open.draft.quorum, participants: ballots.count, members: members)
            var applied: String?
            if let effect = open.draft.effect {
                applied = outcome == .passed
                    ? try await Self.apply(effect, db: db, assemblyID: assemblyID, proposal: id, now: now)
                    : try await Self.abandon(effect, db: db)
            }
            let decision = Decision(outcome: outcome, participants: ballots.count, members: members,
                                    quorumMet: outcome != .noQuorum, winners: result.winners, tie: result.tie, effectApplied: applied)
            try await db.raw("""
                UPDATE proposals SET decision = \(bind: try Self.encodeJSON(decision)), tie_seed = \(bind: Int64(bitPattern: seed)) WHERE id = \(bind: id.rawValue)
                """).run()
            var detail = ["proposal": id.rawValue, "title": open.draft.title, "outcome": outcome.rawValue]
            if !result.winners.isEmpty { detail["winners"] = result.winners.joined(separator: ", ") }
            if let applied { detail["effect"] = applied }
            try await Self.recordAudit(db, assemblyID: assemblyID.rawValue, kind: .proposalClosed, actor: .assembly, subject: nil, detail: detail, now: now)
            try await Self.recordEvent(db, assemblyID: assemblyID.rawValue, kind: .proposal, payload: ["id": id.rawValue, "status": "closed"], now: now)
            return Proposal(id: open.id, assemblyID: open.assemblyID, authorID: open.authorID, author: open.author, draft: open.draft,
                            createdAt: open.createdAt, closedAt: now, decision: decision, tieSeed: seed, threadMessageID: open.threadMessageID,
                            ballotCount: ballots.count)
        }
    }

    /// Carries out a passed proposal's effect; returns what was done, for the record.
    static func apply(_ effect: Effect, db: any SQLDatabase, assemblyID: ID<Assembly>, proposal: ID<Proposal>, now: Date) async throws -> String {
        switch effect {
        case .changeRules(let rules):
            try await db.raw("UPDATE assemblies SET rules = \(bind: try encodeJSON(rules)) WHERE id = \(bind: assemblyID.rawValue)").run()
            try await recordAudit(db, assemblyID: assemblyID.rawValue, kind: .rulesChanged, actor: .assembly, subject: nil,
                                  detail: ["proposal": proposal.rawValue, "rules": rules.described.map { "\($0.name): \($0.value)" }.joined(separator: "; ")], now: now)
            return "rules changed"
        case .renameAssembly(let name):
            try await db.raw("UPDATE assemblies SET name = \(bind: name) WHERE id = \(bind: assemblyID.rawValue)").run()
            try await recordAudit(db, assemblyID: assemblyID.rawValue, kind: .assemblyRenamed, actor: .assembly, subject: nil,
                                  detail: ["proposal": proposal.rawValue, "name": name], now: now)
            return "renamed to \(name)"
        case .removeMember(let member, let pseudonym):
            guard try await db.raw("""
                DELETE FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: member.rawValue) RETURNING account_id
                """).first() != nil else { return "\(pseudonym) had already left" }
            try await recordAudit(db, assemblyID: assemblyID.rawValue, kind: .memberRemoved, actor: .assembly, subject: member.rawValue,
                                  detail: ["proposal": proposal.rawValue, "pseudonym": pseudonym], now: now)
            try await recordEvent(db, assemblyID: assemblyID.rawValue, accountID: member.rawValue, kind: .memberLeft, payload: [:], now: now)
            return "\(pseudonym) removed"
        case .admitPerson(let invite, let description):
            try await db.raw("UPDATE invites SET pending_proposal = NULL WHERE id = \(bind: invite.rawValue)").run()
            return "the invite for \(description) now works"
        }
    }

    /// A proposal that did not pass leaves nothing behind: its pending invite is withdrawn.
    static func abandon(_ effect: Effect, db: any SQLDatabase) async throws -> String? {
        if case .admitPerson(let invite, _) = effect {
            try await db.raw("UPDATE invites SET revoked = 1 WHERE id = \(bind: invite.rawValue)").run()
            return "the invite was withdrawn"
        }
        return nil
    }

    /// Drafts never change once stored; decoding one is most of a vote's work, so keep the latest
    /// (with the assembly each belongs to).
    private static let drafts = Memo<String, (assembly: String, draft: ProposalDraft)>()

    private static func decodeDraft(id: String, assembly: String, text: String) throws -> ProposalDraft {
        let draft = try JSONDecoder().decode(ProposalDraft.self, from: Data(text.utf8))
        drafts.remember((assembly, draft), for: id)
        return draft
    }

    /// A proposal's draft, without a query when this process has read it before. Says nothing of
    /// whether the proposal is still open: `castBallot` checks that in its own transaction.
    public func draft(of id: ID<Proposal>, in assemblyID: ID<Assembly>) async throws -> ProposalDraft? {
        if let known = Self.drafts[id.rawValue], known.assembly == assemblyID.rawValue { return known.draft }
        return try await engine.read { db in
            guard let row = try await db.raw("""
                SELECT draft FROM proposals WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { return nil }
            return try Self.decodeDraft(id: id.rawValue, assembly: assemblyID.rawValue, text: try row.string("draft"))
        }
    }

    static func proposal(_ row: any SQLRow) throws -> Proposal {
        let decoder = JSONDecoder()
        let id = try row.string("id")
        let assembly = try row.string("assembly_id")
        let draft = try drafts[id].flatMap { $0.assembly == assembly ? $0.draft : nil }
            ?? decodeDraft(id: id, assembly: assembly, text: try row.string("draft"))
        let decision = try row.optionalString("decision").flatMap { $0 == "{}" ? nil : try decoder.decode(Decision.self, from: Data($0.utf8)) }
        return Proposal(id: ID(id), assemblyID: ID(assembly),
                        authorID: try row.optionalString("author_id").map(ID.init), author: try row.optionalString("author"), draft: draft,
                        createdAt: try row.date("created_at"), closedAt: try row.decode(column: "closed_at", as: Int64?.self).map(Date.init(storeMillis:)),
                        decision: decision, tieSeed: try row.decode(column: "tie_seed", as: Int64?.self).map { UInt64(bitPattern: $0) },
                        threadMessageID: try row.decode(column: "thread_message_id", as: Int64?.self),
                        ballotCount: try row.decode(column: "ballot_count", as: Int.self))
    }
}
