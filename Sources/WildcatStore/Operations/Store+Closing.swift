import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Open proposals whose deadline is at or before `now`, soonest first: candidates for
    /// `Closing.isDue`, which decides.
    public func openProposals(closingBy now: Date, limit: Int = 100) async throws -> [(id: ID<Proposal>, assembly: ID<Assembly>, closesAt: Date)] {
        try await read { db in
            try await db.raw("""
                SELECT id, assembly_id, closes_at FROM proposals WHERE closed_at IS NULL AND closes_at <= \(bind: now.storeMillis)
                ORDER BY closes_at LIMIT \(bind: limit)
                """).all().map { (ID(try $0.string("id")), ID(try $0.string("assembly_id")), try $0.date("closes_at")) }
        }
    }

    /// Open proposals of an assembly with their deadlines and how many current members have
    /// voted on each: what `Closing.isDue` needs after the membership changed.
    public func openProposals(in assemblyID: ID<Assembly>) async throws -> [(id: ID<Proposal>, closesAt: Date, memberBallots: Int)] {
        try await read { db in
            try await db.raw("""
                SELECT p.id, p.closes_at,
                       (SELECT COUNT(*) FROM ballots b JOIN memberships m ON m.assembly_id = p.assembly_id AND m.account_id = b.voter_id
                        WHERE b.proposal_id = p.id) AS member_ballots
                FROM proposals p WHERE p.assembly_id = \(bind: assemblyID.rawValue) AND p.closed_at IS NULL
                """).all().map { (ID(try $0.string("id")), try $0.date("closes_at"), try $0.int("member_ballots")) }
        }
    }

    /// Closes a proposal exactly once (a second call, on any node, finds it closed and does
    /// nothing). What closing decides comes from the domain (`Closing.close`); this records it
    /// and carries out the effect's steps, all in one transaction. nil when already closed.
    @discardableResult
    public func closeProposal(_ id: ID<Proposal>, in assemblyID: ID<Assembly>, now: Date) async throws -> Proposal? {
        try await write { tx -> Proposal? in
            guard try await tx.db.raw("""
                UPDATE proposals SET closed_at = \(bind: now.storeMillis), decision = '{}'
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assemblyID.rawValue) AND closed_at IS NULL
                RETURNING id
                """).first() != nil else { return nil }
            guard let row = try await tx.db.raw("""
                SELECT \(unsafeRaw: Self.proposalColumns) FROM proposals p \(unsafeRaw: Self.proposalJoins) WHERE p.id = \(bind: id.rawValue)
                """).first(),
                let assemblyRow = try await tx.db.raw("SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a WHERE a.id = \(bind: assemblyID.rawValue)").first()
            else { return nil }
            let open = try self.proposal(row)
            let assembly = try self.assembly(assemblyRow)
            // Keyed by the ballot's own random id: the record names no voter.
            let weights = assembly.kind == .council && assembly.charter?.weighting == .byMembers ? try await tx.councilWeights(assemblyID) : nil
            // A secret proposal whose members took tokens counts its board; before its first
            // token, any ballot is an older one cast with the account (see docs/secret-ballots.md).
            let secret = open.draft.secret ? try await tx.secretBallotsForClosing(id) : []
            let ballots = !secret.isEmpty ? secret : try await tx.db.raw("SELECT id, ballot, voter_id FROM ballots WHERE proposal_id = \(bind: id.rawValue) ORDER BY id").all()
                .map { row in
                    let text = try row.string("ballot")
                    // Weighted by members, a ballot whose delegate no longer sits counts for nobody.
                    let weight = try weights.map { $0[try row.optionalString("voter_id") ?? ""] ?? 0 } ?? 1
                    return Closing.CastBallot(key: try row.string("id"), stored: text, ballot: try StoredJSON.decode(Ballot.self, text), weight: weight)
                }
            let memberCount = try await tx.db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue)").first()?.int("n") ?? 0
            let concerned = open.draft.effect?.definition.concerns ?? []
            var stillMembers: Set<ID<Account>> = []
            if !concerned.isEmpty {
                stillMembers = Set(try await tx.db.raw("""
                    SELECT account_id FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue)
                      AND account_id IN (\(SQLList(concerned.map { SQLBind($0.rawValue) })))
                    """).all().map { ID(try $0.string("account_id")) })
            }
            var seats: [ID<Assembly>: AssemblySnapshot.Seats] = [:]
            if case .electDelegates(let election)? = open.draft.effect {
                seats[election.committee] = try await tx.seats(of: election.committee, sentBy: assemblyID)
            }
            if case .recallDelegate(let recall)? = open.draft.effect { seats[recall.committee] = try await tx.seats(of: recall.committee, sentBy: assemblyID) }
            let snapshot = AssemblySnapshot(name: assembly.name, rules: assembly.rules, memberCount: memberCount, members: stillMembers, committees: seats)
            let record = try Closing.close(open, ballots: ballots, assembly: snapshot, at: now)
            for step in record.steps { try await tx.carryOut(step, in: assemblyID, proposal: id, now: now) }
            try await tx.db.raw("""
                UPDATE proposals SET decision = \(bind: try StoredJSON.encode(record.decision)), tie_seed = \(bind: Int64(bitPattern: record.tieSeed)),
                       result = \(bind: try StoredJSON.encode(record.result))
                WHERE id = \(bind: id.rawValue)
                """).run()
            for line in record.audit { try await tx.audit(assemblyID, actor: .assembly, line, now: now) }
            try await tx.post(record.post, in: assemblyID, general: assembly.generalChannel, now: now)
            // A committee's or council's decision is shown to every assembly it answers to.
            if assembly.kind != .assembly {
                try await tx.announce(.bodyDecided(body: assemblyID, name: assembly.name, council: assembly.kind == .council, proposal: id, title: open.draft.title,
                                                   outcome: record.decision.outcome, winners: record.decision.winners,
                                                   forRatification: open.draft.forRatification == true),
                                      from: assembly, now: now)
            }
            try await tx.record(.proposal(id, .closed), in: assemblyID, now: now)
            try await tx.enqueueAlert(.decision, key: "decision:\(id)", in: assemblyID, title: assembly.rules.alertTitles ? open.draft.title : nil,
                                      link: "/a/\(assemblyID)/p/\(id)", now: now)
            // A recall vote ends its petition, whatever it decided.
            if let petition = open.petition {
                try await tx.db.raw("UPDATE recall_petitions SET closed_at = \(bind: now.storeMillis) WHERE id = \(bind: petition.rawValue) AND closed_at IS NULL").run()
            }
            return Proposal(id: open.id, assemblyID: open.assemblyID, authorID: open.authorID, author: open.author, draft: open.draft,
                            createdAt: open.createdAt, closedAt: now, decision: record.decision, tieSeed: record.tieSeed,
                            threadMessage: open.threadMessage, ballotCount: ballots.count, result: record.result, petition: open.petition,
                            ratification: open.ratification)
        }
    }
}

extension Transaction {
    /// The SQL of one step an effect decided.
    func carryOut(_ step: EffectStep, in assemblyID: ID<Assembly>, proposal: ID<Proposal>, now: Date) async throws {
        switch step {
        case .setRules(let rules):
            try await db.raw("UPDATE assemblies SET rules = \(bind: try StoredJSON.encode(rules)) WHERE id = \(bind: assemblyID.rawValue)").run()
        case .rename(let name):
            try await db.raw("UPDATE assemblies SET name = \(bind: name) WHERE id = \(bind: assemblyID.rawValue)").run()
        case .removeMember(let member):
            if try await db.raw("""
                DELETE FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: member.rawValue) RETURNING account_id
                """).first() != nil {
                try await afterDepartures(in: assemblyID)
                try await record(.memberLeft(member), in: assemblyID, now: now)
                try await leaveCommittees(of: assemblyID, accountID: member, now: now)
            }
        case .releaseInvite(let invite):
            try await db.raw("UPDATE invites SET pending_proposal = NULL WHERE id = \(bind: invite.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)").run()
        case .revokeInvite(let invite):
            try await db.raw("UPDATE invites SET revoked = 1 WHERE id = \(bind: invite.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)").run()
        case .createCommittee(let name, let charter):
            try await createCommittee(of: assemblyID, name: name, charter: charter, proposal: proposal, now: now)
        case .seatDelegates(let committee, let accounts):
            guard try await isCommittee(committee, of: assemblyID) else { return }
            try await seatDelegates(accounts, in: committee, sentBy: assemblyID, proposal: proposal, now: now)
        case .unseatDelegate(let committee, let account):
            // Only the assembly that sent a delegate recalls them.
            guard try await isCommittee(committee, of: assemblyID), try await sent(account, to: committee, by: assemblyID) else { return }
            try await unseatDelegate(account, from: committee, recalled: true, now: now)
        case .setMandate(let committee, let account, let mandate):
            guard try await isCommittee(committee, of: assemblyID), try await sent(account, to: committee, by: assemblyID) else { return }
            try await setMandate(mandate, of: account, in: committee, proposal: proposal)
        case .foundCouncil(let name, let charter):
            try await foundCouncil(by: assemblyID, name: name, charter: charter, proposal: proposal, now: now)
        case .askToJoin(let council):
            try await askToJoin(council, by: assemblyID, now: now)
        case .admitAssembly(let member):
            try await admit(member, into: assemblyID, proposal: proposal, now: now)
        case .refuseAssembly(let member):
            try await refuse(member, by: assemblyID, now: now)
        case .leaveCouncil(let council):
            try await leaveCouncil(council, member: assemblyID, now: now)
        case .requestRatification:
            guard let row = try await db.raw("SELECT \(unsafeRaw: Store.assemblyColumns) FROM assemblies a WHERE a.id = \(bind: assemblyID.rawValue)").first(),
                  let decided = try await db.raw("""
                    SELECT \(unsafeRaw: Store.proposalColumns) FROM proposals p \(unsafeRaw: Store.proposalJoins) WHERE p.id = \(bind: proposal.rawValue)
                    """).first() else { return }
            let council = try Store.assembly(row, rules: try StoredJSON.decode(AssemblyRules.self, try row.string("rules")))
            guard council.kind == .council else { return }
            try await requestRatification(of: try Store.proposalRecord(decided), in: council, now: now)
        case .ratify(let council, let decided, let ratified):
            try await ratify(decided, in: council, by: assemblyID, ratified: ratified, now: now)
        case .sendCall(let target, let request):
            try await sendCall(from: assemblyID, to: target, request, proposal: proposal, now: now)
        case .answerCall(let call, let answer):
            try await answerCall(call, by: assemblyID, answer, now: now)
        case .decideAction(let action, let what):
            try await decide(action, what, in: assemblyID, now: now)
        case .setDemand(let demand, let status):
            try await setDemand(demand, to: status, in: assemblyID, proposal: proposal, now: now)
        }
    }

    private func sent(_ account: ID<Account>, to body: ID<Assembly>, by assembly: ID<Assembly>) async throws -> Bool {
        try await db.raw("""
            SELECT 1 AS found FROM delegates WHERE committee_id = \(bind: body.rawValue) AND account_id = \(bind: account.rawValue)
              AND sent_by = \(bind: assembly.rawValue)
            """).first() != nil
    }

    /// Posts in the #general of every assembly a committee or council answers to: the committee's
    /// assembly, or each of the council's members.
    func announce(_ post: SystemPost, from body: Assembly, now: Date) async throws {
        let targets: [ID<Assembly>]
        switch body.kind {
        case .assembly: return
        case .committee: targets = body.parent.map { [$0] } ?? []
        case .council:
            targets = try await db.raw("SELECT member_id FROM council_members WHERE council_id = \(bind: body.id.rawValue) ORDER BY member_id").all()
                .map { ID<Assembly>(try $0.string("member_id")) }
        }
        for target in targets {
            _ = try await self.post(post, in: target, general: Assembly(id: target, name: "", rules: .defaults, createdAt: now).generalChannel, now: now)
        }
    }

    /// Each sitting delegate's weight in a council that weighs votes by the members represented.
    func councilWeights(_ council: ID<Assembly>) async throws -> [String: Int] {
        let rows = try await db.raw("""
            SELECT d.account_id, d.sent_by, (SELECT COUNT(*) FROM memberships m WHERE m.assembly_id = d.sent_by) AS members,
                   (SELECT COUNT(*) FROM delegates o WHERE o.committee_id = d.committee_id AND o.sent_by = d.sent_by) AS delegation
            FROM delegates d WHERE d.committee_id = \(bind: council.rawValue) ORDER BY d.account_id
            """).all()
        let accounts = try rows.map { try $0.string("account_id") }
        let weights = Closing.Weights.byMembers(try rows.map { (try $0.int("members"), try $0.int("delegation")) })
        return Dictionary(zip(accounts, weights), uniquingKeysWith: { first, _ in first })
    }

    /// Steps on a committee or council act only on one the deciding assembly sends delegates to.
    private func isCommittee(_ body: ID<Assembly>, of assembly: ID<Assembly>) async throws -> Bool {
        try await db.raw("""
            SELECT 1 AS found FROM assemblies a WHERE a.id = \(bind: body.rawValue) AND (a.parent_id = \(bind: assembly.rawValue)
              OR EXISTS (SELECT 1 FROM council_members cm WHERE cm.council_id = a.id AND cm.member_id = \(bind: assembly.rawValue)))
            """).first() != nil
    }

    /// The seats of a committee (or of the deciding assembly's delegation to a council) and who
    /// holds them, as the closing snapshot needs them.
    func seats(of body: ID<Assembly>, sentBy assembly: ID<Assembly>) async throws -> AssemblySnapshot.Seats {
        let charter = try await db.raw("SELECT charter FROM assemblies WHERE id = \(bind: body.rawValue)").first()?.optionalString("charter")
            .map { try StoredJSON.decode(Charter.self, $0) }
        let delegates = try await db.raw("""
            SELECT account_id FROM delegates WHERE committee_id = \(bind: body.rawValue) AND sent_by = \(bind: assembly.rawValue)
            """).all().map { ID<Account>(try $0.string("account_id")) }
        return AssemblySnapshot.Seats(seats: charter?.seats ?? 0, delegates: Set(delegates),
                                      termsServed: try await Store.termsServed(in: body, limit: charter?.maxTerms, db: db))
    }
}
