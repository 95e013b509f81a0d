import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// The councils the assembly belongs to, each with the delegates this assembly sent (its
    /// charter's `seats` is the delegation's size): what the assembly's elections and recalls act on.
    public func councils(of assemblyID: ID<Assembly>) async throws -> [Committee] {
        try await read { db in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a JOIN council_members cm ON cm.council_id = a.id
                WHERE cm.member_id = \(bind: assemblyID.rawValue) AND a.kind = 'council' ORDER BY cm.joined_at, a.id
                """).all().map(self.assembly)
            guard !rows.isEmpty else { return [] }
            let delegates = try await Self.delegates(in: rows.map(\.id), db: db).filter { $0.sentBy == assemblyID }
            var councils: [Committee] = []
            for council in rows {
                let charter = council.charter ?? Self.noCharter
                councils.append(Committee(id: council.id, name: council.name, assembly: assemblyID, charter: charter,
                                          delegates: delegates.filter { $0.committee == council.id }, kind: .council,
                                          termsServed: try await Self.termsServed(in: council.id, limit: charter.maxTerms, db: db)))
            }
            return councils
        }
    }

    /// The council with this id, as a proposal of `assembly` to join or leave it names it.
    public func councilRef(_ id: String, for assemblyID: ID<Assembly>) async throws -> CouncilRef? {
        guard id.count <= 64 else { return nil }
        return try await read { db in
            guard let row = try await db.raw("""
                SELECT a.id, a.name, CASE WHEN EXISTS (SELECT 1 FROM council_members cm WHERE cm.council_id = a.id AND cm.member_id = \(bind: assemblyID.rawValue))
                       THEN 1 ELSE 0 END AS joined
                FROM assemblies a WHERE a.id = \(bind: id) AND a.kind = 'council'
                """).first() else { return nil }
            return CouncilRef(id: ID(try row.string("id")), name: try row.string("name"), joined: try row.flag("joined"))
        }
    }

    /// An assembly's name, as a council's delegates name the assembly that sent them.
    public func assemblyName(_ id: ID<Assembly>) async throws -> String? {
        try await read { db in try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: id.rawValue)").first()?.string("name") }
    }

    /// The council itself (its name and charter), as a decision that names it needs it.
    public func councilAssembly(_ id: ID<Assembly>) async throws -> Assembly? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a WHERE a.id = \(bind: id.rawValue) AND a.kind = 'council'")
                .first().map(self.assembly)
        }
    }

    /// A council with its member assemblies (and the members each has) and every delegate.
    public func council(_ id: ID<Assembly>) async throws -> Council? {
        try await read { db in
            guard let council = try await db.raw("""
                SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a WHERE a.id = \(bind: id.rawValue) AND a.kind = 'council'
                """).first().map(self.assembly) else { return nil }
            let members = try await db.raw("""
                SELECT a.id, a.name, (SELECT COUNT(*) FROM memberships m WHERE m.assembly_id = a.id) AS n
                FROM council_members cm JOIN assemblies a ON a.id = cm.member_id WHERE cm.council_id = \(bind: id.rawValue) ORDER BY cm.joined_at, a.id
                """).all().map { Council.Member(id: ID(try $0.string("id")), name: try $0.string("name"), members: try $0.int("n")) }
            return Council(id: council.id, name: council.name, charter: council.charter ?? Self.noCharter, members: members,
                           delegates: try await Self.delegates(in: [id], db: db))
        }
    }
}

extension Transaction {
    /// A new council, with `founder` as its first member and its own #general channel.
    func foundCouncil(by founder: ID<Assembly>, name: String, charter: Charter, proposal: ID<Proposal>, now: Date) async throws {
        let id = ID<Assembly>(RandomText.identifier())
        try await db.raw("""
            INSERT INTO assemblies (id, name, rules, created_at, kind, charter)
            VALUES (\(bind: id.rawValue), \(bind: name), \(bind: try StoredJSON.encode(AssemblyRules.defaults)), \(bind: now.storeMillis), 'council',
                    \(bind: try StoredJSON.encode(charter)))
            """).run()
        let general = Channel(id: Assembly(id: id, name: name, rules: .defaults, createdAt: now).generalChannel, assemblyID: id,
                              name: ChannelName.general.value, createdAt: now)
        try await insertChannel(general, key: ChannelName.general.key)
        try await joinCouncil(id, member: founder, now: now)
    }

    /// The assembly becomes a member of the council (by its own decision).
    func joinCouncil(_ council: ID<Assembly>, member: ID<Assembly>, now: Date) async throws {
        guard try await db.raw("""
            INSERT INTO council_members (council_id, member_id, joined_at) SELECT id, \(bind: member.rawValue), \(bind: now.storeMillis)
            FROM assemblies WHERE id = \(bind: council.rawValue) AND kind = 'council'
            ON CONFLICT (council_id, member_id) DO NOTHING RETURNING council_id
            """).first() != nil else { return }
        let name = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: member.rawValue)").first()?.string("name") ?? ""
        try await audit(council, actor: .assembly, AuditRecord(.councilMembership(assembly: name, joined: true)), now: now)
        try await record(.observersChanged, in: council, now: now)
    }

    /// The assembly asks to join: the platform opens a vote of the council's delegates on
    /// admitting it. Nothing happens if it is a member already, or the council is gone.
    func askToJoin(_ council: ID<Assembly>, by member: ID<Assembly>, now: Date) async throws {
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: Store.assemblyColumns) FROM assemblies a WHERE a.id = \(bind: council.rawValue) AND a.kind = 'council'
              AND NOT EXISTS (SELECT 1 FROM council_members cm WHERE cm.council_id = a.id AND cm.member_id = \(bind: member.rawValue))
            """).first(),
              let asking = try await db.raw("""
                SELECT name, (SELECT COUNT(*) FROM memberships m WHERE m.assembly_id = \(bind: member.rawValue)) AS n FROM assemblies WHERE id = \(bind: member.rawValue)
                """).first() else { return }
        let councilAssembly = try Store.assembly(row, rules: try StoredJSON.decode(AssemblyRules.self, try row.string("rules")))
        let draft = AdmitAssembly.vote(for: member, name: try asking.string("name"), members: try asking.int("n"), council: councilAssembly, now: now)
        _ = try await insertProposal(draft, in: councilAssembly, by: nil, now: now)
    }

    /// The council's delegates admitted the assembly: it joins, and its own log says so.
    func admit(_ member: ID<Assembly>, into council: ID<Assembly>, proposal: ID<Proposal>, now: Date) async throws {
        guard let name = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: council.rawValue) AND kind = 'council'").first()?.string("name"),
              try await db.raw("SELECT 1 AS found FROM assemblies WHERE id = \(bind: member.rawValue)").first() != nil else { return }
        try await joinCouncil(council, member: member, now: now)
        try await audit(member, actor: .assembly, AuditRecord(.councilJoined(proposal: proposal, council: name, founded: false)), now: now)
    }

    /// The council's delegates did not admit the assembly: its own log says so.
    func refuse(_ member: ID<Assembly>, by council: ID<Assembly>, now: Date) async throws {
        guard let name = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: council.rawValue)").first()?.string("name"),
              try await db.raw("SELECT 1 AS found FROM assemblies WHERE id = \(bind: member.rawValue)").first() != nil else { return }
        try await audit(member, actor: .assembly, AuditRecord(.councilRefused(council: name)), now: now)
    }

    /// The assembly leaves the council; the delegates it sent lose their seats there.
    func leaveCouncil(_ council: ID<Assembly>, member: ID<Assembly>, now: Date) async throws {
        guard try await db.raw("""
            DELETE FROM council_members WHERE council_id = \(bind: council.rawValue) AND member_id = \(bind: member.rawValue) RETURNING council_id
            """).first() != nil else { return }
        let sent = try await db.raw("""
            SELECT account_id FROM delegates WHERE committee_id = \(bind: council.rawValue) AND sent_by = \(bind: member.rawValue)
            """).all().map { ID<Account>(try $0.string("account_id")) }
        for account in sent { try await unseatDelegate(account, from: council, recalled: false, now: now) }
        let name = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: member.rawValue)").first()?.string("name") ?? ""
        try await audit(council, actor: .assembly, AuditRecord(.councilMembership(assembly: name, joined: false)), now: now)
        try await record(.observersChanged, in: council, now: now)
    }

    /// A council decision that passed "for ratification" goes to each member assembly as a vote
    /// the platform opens there; the council's proposal records each answer as it comes.
    func requestRatification(of proposal: Proposal, in council: Assembly, now: Date) async throws {
        let members = try await db.raw("""
            SELECT \(unsafeRaw: Store.assemblyColumns), (SELECT COUNT(*) FROM memberships m WHERE m.assembly_id = a.id) AS n
            FROM council_members cm JOIN assemblies a ON a.id = cm.member_id WHERE cm.council_id = \(bind: council.id.rawValue) ORDER BY cm.joined_at, a.id
            """).all()
        var answers: [Ratification.Answer] = []
        for row in members {
            let assembly = try Store.assembly(row, rules: try StoredJSON.decode(AssemblyRules.self, try row.string("rules")))
            let draft = Ratifying.vote(on: proposal, council: council, rules: assembly.rules, now: now)
            let vote = try await insertProposal(draft, in: assembly, by: nil, now: now)
            answers.append(.init(assembly: assembly.id, name: assembly.name, members: try row.int("n"), ratified: nil, proposal: vote.id))
        }
        try await db.raw("""
            UPDATE proposals SET ratification = \(bind: try StoredJSON.encode(Ratification(answers: answers))) WHERE id = \(bind: proposal.id.rawValue)
            """).run()
    }

    /// Records a member assembly's answer, and decides the ratification as soon as it can be.
    func ratify(_ proposal: ID<Proposal>, in council: ID<Assembly>, by assembly: ID<Assembly>, ratified: Bool, now: Date) async throws {
        // Holds the row (PostgreSQL) so two assemblies answering at once do not overwrite each other.
        try await db.raw("UPDATE proposals SET ratification = ratification WHERE id = \(bind: proposal.rawValue)").run()
        guard let row = try await db.raw("""
            SELECT p.ratification, c.charter FROM proposals p JOIN assemblies c ON c.id = p.assembly_id
            WHERE p.id = \(bind: proposal.rawValue) AND p.assembly_id = \(bind: council.rawValue)
            """).first(), let text = try row.optionalString("ratification") else { return }
        var ratification = try StoredJSON.decode(Ratification.self, text)
        guard ratification.status == .pending, let index = ratification.answers.firstIndex(where: { $0.assembly == assembly }) else { return }
        ratification.answers[index].ratified = ratified
        let rule = try row.optionalString("charter").flatMap { try StoredJSON.decode(Charter.self, $0).ratification } ?? .majority
        ratification.status = Ratification.status(of: ratification.answers, rule: rule)
        try await db.raw("UPDATE proposals SET ratification = \(bind: try StoredJSON.encode(ratification)) WHERE id = \(bind: proposal.rawValue)").run()
        // Every assembly involved sees the council decision move.
        try await record(.proposal(proposal, .closed), in: council, now: now)
        if ratification.status != .pending {
            try await audit(council, actor: .assembly, AuditRecord(.ratificationDecided(proposal: proposal, ratified: ratification.status == .ratified)), now: now)
            for answer in ratification.answers { try await record(.proposal(answer.proposal, .closed), in: answer.assembly, now: now) }
        }
    }
}
