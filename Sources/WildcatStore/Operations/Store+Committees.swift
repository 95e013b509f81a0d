import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// The assembly's committees with their delegates, oldest first.
    public func committees(of assemblyID: ID<Assembly>) async throws -> [Committee] {
        try await read { db in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a
                WHERE a.parent_id = \(bind: assemblyID.rawValue) AND a.kind = 'committee' ORDER BY a.created_at, a.id
                """).all().map(self.assembly)
            guard !rows.isEmpty else { return [] }
            let delegates = try await Self.delegates(in: rows.map(\.id), db: db)
            var rotated: [Committee] = []
            for committee in rows {
                let charter = committee.charter ?? Self.noCharter
                rotated.append(Committee(id: committee.id, name: committee.name, assembly: assemblyID, charter: charter,
                                         delegates: delegates.filter { $0.committee == committee.id },
                                         termsServed: try await Self.termsServed(in: committee.id, limit: charter.maxTerms, db: db)))
            }
            return rotated
        }
    }

    /// A committee of the assembly, or nil.
    public func committee(_ id: ID<Assembly>, of assemblyID: ID<Assembly>) async throws -> Committee? {
        try await committees(of: assemblyID).first { $0.id == id }
    }

    /// How a person may see this assembly, committee or council: as a member (or delegate), as an
    /// observer (a member of the assembly whose committee it is, or of one of the council's
    /// assemblies), or not at all (nil). The one access
    /// check that every route under an assembly's path goes through.
    public func access(to id: ID<Assembly>, for accountID: ID<Account>) async throws -> (Assembly, Permissions.Access)? {
        try await read { db in
            guard let row = try await db.hotRows(AssemblyStanding.self, """
                SELECT \(unsafeRaw: Self.assemblyColumns), \(Self.standingColumns(of: "\(bind: accountID.rawValue)"))
                FROM assemblies a WHERE a.id = \(bind: id.rawValue)
                """).first else { return nil }
            return try self.standing(row)
        }
    }

    /// The columns `standing(_:)` reads: whether `account` (an SQL expression) is a member of
    /// assembly `a`, or observes it.
    static func standingColumns(of account: SQLQueryString) -> SQLQueryString {
        """
        CASE WHEN EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = a.id AND m.account_id = \(account))
             THEN 1 ELSE 0 END AS is_member,
        CASE WHEN EXISTS (SELECT 1 FROM memberships p WHERE p.assembly_id = a.parent_id AND p.account_id = \(account))
               OR EXISTS (SELECT 1 FROM council_members cm JOIN memberships o ON o.assembly_id = cm.member_id
                          WHERE cm.council_id = a.id AND o.account_id = \(account))
             THEN 1 ELSE 0 END AS observes
        """
    }

    /// How a person may see the assembly in the row (its columns and `standingColumns`).
    func standing(_ row: any SQLRow) throws -> (Assembly, Permissions.Access)? {
        let assembly = try self.assembly(row)
        if try row.flag("is_member") { return (assembly, .member) }
        if assembly.kind != .assembly, try row.flag("observes") { return (assembly, .observer) }
        return nil
    }

    /// What a person's live pages may hear: their assemblies and committees, and the committees
    /// of their assemblies whose channel members read.
    public func visibleAssemblyIDs(of accountID: ID<Account>) async throws -> [ID<Assembly>] {
        try await read { db in
            let own = try await db.raw("SELECT assembly_id FROM memberships WHERE account_id = \(bind: accountID.rawValue)").all()
                .map { ID<Assembly>(try $0.string("assembly_id")) }
            let observed = try await db.raw("""
                SELECT c.id, c.charter FROM assemblies c JOIN memberships m ON m.assembly_id = c.parent_id
                WHERE m.account_id = \(bind: accountID.rawValue) AND c.kind = 'committee'
                """).all().compactMap { row -> ID<Assembly>? in
                let charter = try row.optionalString("charter").map { try StoredJSON.decode(Charter.self, $0) }
                return Permissions.observerReadsChannel(of: charter) ? ID(try row.string("id")) : nil
            }
            let councils = try await db.raw("""
                SELECT DISTINCT cm.council_id FROM council_members cm JOIN memberships m ON m.assembly_id = cm.member_id
                WHERE m.account_id = \(bind: accountID.rawValue)
                """).all().map { ID<Assembly>(try $0.string("council_id")) }
            return Array(Set(own + observed + councils))
        }
    }

    /// Rotation: who has been seated here as many times as the charter allows (none without a limit).
    static func termsServed(in body: ID<Assembly>, limit: Int?, db: any SQLDatabase) async throws -> Set<ID<Account>> {
        guard let limit else { return [] }
        return Set(try await db.raw("""
            SELECT account_id FROM delegate_terms WHERE committee_id = \(bind: body.rawValue) AND terms >= \(bind: limit)
            """).all().map { ID<Account>(try $0.string("account_id")) })
    }

    static let noCharter = Charter(seats: 0, termDays: nil, mandate: "", channelPrivate: false)

    static func delegates(in committees: [ID<Assembly>], db: any SQLDatabase) async throws -> [Delegate] {
        try await db.raw("""
            SELECT d.committee_id, d.account_id, a.pseudonym, d.sent_by, d.mandate, d.decisions, d.elected_at, d.term_ends_at
            FROM delegates d JOIN accounts a ON a.id = d.account_id
            WHERE d.committee_id IN (\(SQLList(committees.map { SQLBind($0.rawValue) })))
            ORDER BY d.elected_at, a.pseudonym_key
            """).all().map { row in
            Delegate(committee: ID(try row.string("committee_id")), account: ID(try row.string("account_id")), pseudonym: try row.string("pseudonym"),
                     sentBy: ID(try row.string("sent_by")), mandate: try row.string("mandate"),
                     decisions: try StoredJSON.decode([ID<Proposal>].self, try row.string("decisions")),
                     electedAt: try row.date("elected_at"), termEndsAt: try row.optionalDate("term_ends_at"))
        }
    }

    // MARK: Recall petitions

    /// Opens a petition to recall a delegate, signed by the member who opens it; if one is open
    /// already, signs that one. Only members of the assembly that sent the delegate may.
    public func petitionRecall(of delegate: ID<Account>, from committeeID: ID<Assembly>, in assembly: Assembly, by member: Account,
                               reason: String, now: Date) async throws -> (RecallPetition, vote: Proposal?) {
        try await write { tx in
            guard try await tx.db.raw("""
                SELECT 1 AS found FROM delegates d
                WHERE d.committee_id = \(bind: committeeID.rawValue) AND d.account_id = \(bind: delegate.rawValue) AND d.sent_by = \(bind: assembly.id.rawValue)
                """).first() != nil else { throw InputError(field: "delegate", "Choose a delegate of one of this assembly's committees.") }
            let petition: ID<RecallPetition>
            if let open = try await tx.db.raw("""
                SELECT id FROM recall_petitions WHERE committee_id = \(bind: committeeID.rawValue) AND delegate_id = \(bind: delegate.rawValue) AND closed_at IS NULL
                """).first() {
                petition = ID(try open.string("id"))
            } else {
                petition = ID(RandomText.identifier())
                try await tx.db.raw("""
                    INSERT INTO recall_petitions (id, assembly_id, committee_id, delegate_id, reason, opened_at)
                    VALUES (\(bind: petition.rawValue), \(bind: assembly.id.rawValue), \(bind: committeeID.rawValue), \(bind: delegate.rawValue),
                            \(bind: reason), \(bind: now.storeMillis))
                    """).run()
                let names = try await tx.db.raw("""
                    SELECT c.name, a.pseudonym FROM assemblies c, accounts a WHERE c.id = \(bind: committeeID.rawValue) AND a.id = \(bind: delegate.rawValue)
                    """).first()
                try await tx.audit(assembly.id, actor: .member(member.id),
                                   AuditRecord(subject: delegate, .recallPetitionOpened(committee: try names?.string("name") ?? "", pseudonym: try names?.string("pseudonym") ?? "")),
                                   now: now)
            }
            return try await tx.sign(petition, by: member, in: assembly, now: now)
        }
    }

    /// Signs an open petition (a second signature by the same member counts once). When the
    /// signatures reach the assembly's `recallShare` of its members, the recall vote opens in the
    /// same transaction and the petition closes.
    public func signPetition(_ id: ID<RecallPetition>, in assembly: Assembly, by member: Account, now: Date) async throws -> (RecallPetition, vote: Proposal?) {
        try await write { tx in
            guard try await tx.db.raw("""
                SELECT 1 AS found FROM recall_petitions r WHERE r.id = \(bind: id.rawValue) AND r.assembly_id = \(bind: assembly.id.rawValue)
                """).first() != nil else { throw Refusal.notFound }
            return try await tx.sign(id, by: member, in: assembly, now: now)
        }
    }

    /// The petitions about the assembly's delegates that are gathering signatures, or whose
    /// recall vote is open.
    public func openPetitions(in assemblyID: ID<Assembly>) async throws -> [RecallPetition] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.petitionColumns) FROM recall_petitions r
                WHERE r.assembly_id = \(bind: assemblyID.rawValue) AND r.closed_at IS NULL ORDER BY r.opened_at
                """).all().map(Self.petition)
        }
    }

    /// Delegates whose term has ended lose their seats, as a recall would take them (pages,
    /// forms and tokens with it); the seat falls vacant for an election. Returns how many.
    public func endTerms(now: Date) async throws -> Int {
        try await write { tx in
            let due = try await tx.db.raw("""
                SELECT committee_id, account_id FROM delegates WHERE term_ends_at <= \(bind: now.storeMillis) ORDER BY term_ends_at LIMIT 500
                """).all().map { (ID<Assembly>(try $0.string("committee_id")), ID<Account>(try $0.string("account_id"))) }
            for (body, account) in due { try await tx.unseatDelegate(account, from: body, recalled: false, termEnded: true, now: now) }
            return due.count
        }
    }

    /// Whether the account holds a seat the assembly sent them to (on a committee or council).
    public func isDelegate(_ account: ID<Account>, sentBy assembly: ID<Assembly>) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT 1 AS found FROM delegates WHERE account_id = \(bind: account.rawValue) AND sent_by = \(bind: assembly.rawValue)
                """).first() != nil
        }
    }

    /// Whether the member has signed the petition.
    public func hasSigned(_ petition: ID<RecallPetition>, by account: ID<Account>) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT 1 AS found FROM petition_signatures WHERE petition_id = \(bind: petition.rawValue) AND account_id = \(bind: account.rawValue)
                """).first() != nil
        }
    }

    static let petitionColumns = """
        r.id, r.committee_id, r.delegate_id, r.reason, r.opened_at, r.vote_proposal,
        (SELECT COUNT(*) FROM petition_signatures s WHERE s.petition_id = r.id) AS signatures
        """

    static func petition(_ row: any SQLRow) throws -> RecallPetition {
        RecallPetition(id: ID(try row.string("id")), committee: ID(try row.string("committee_id")), delegate: ID(try row.string("delegate_id")),
                       reason: try row.string("reason"), openedAt: try row.date("opened_at"), signatures: try row.int("signatures"),
                       vote: try row.optionalString("vote_proposal").map(ID.init))
    }
}

extension Transaction {
    /// Adds a signature and, when they are enough, opens the recall vote.
    func sign(_ id: ID<RecallPetition>, by member: Account, in assembly: Assembly, now: Date) async throws -> (RecallPetition, vote: Proposal?) {
        guard try await db.raw("""
            SELECT 1 AS found FROM memberships WHERE assembly_id = \(bind: assembly.id.rawValue) AND account_id = \(bind: member.id.rawValue)
            """).first() != nil else { throw Refusal.notFound }
        // Holds the petition (PostgreSQL): signatures at the same moment are counted one after the other.
        try await db.raw("UPDATE recall_petitions SET reason = reason WHERE id = \(bind: id.rawValue)").run()
        try await db.raw("""
            INSERT INTO petition_signatures (petition_id, account_id, signed_at) VALUES (\(bind: id.rawValue), \(bind: member.id.rawValue), \(bind: now.storeMillis))
            ON CONFLICT (petition_id, account_id) DO NOTHING
            """).run()
        guard let row = try await db.raw("SELECT \(unsafeRaw: Store.petitionColumns), r.closed_at FROM recall_petitions r WHERE r.id = \(bind: id.rawValue)").first() else {
            throw Refusal.notFound
        }
        var petition = try Store.petition(row)
        try await record(.petition(id, signatures: petition.signatures), in: assembly.id, now: now)
        // Once its vote is open (or it is over), signatures change nothing.
        guard try row.decode(column: "closed_at", as: Int64?.self) == nil, petition.vote == nil else { return (petition, nil) }
        let members = try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assembly.id.rawValue)").first()?.int("n") ?? 0
        guard Recall.opensVote(signatures: petition.signatures, members: members, share: assembly.rules.recallShare) else { return (petition, nil) }
        guard let delegate = try await Store.delegates(in: [petition.committee], db: db).first(where: { $0.account == petition.delegate }),
              let committee = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: petition.committee.rawValue)").first() else {
            return (petition, nil)
        }
        let draft = Recall.vote(of: delegate, committee: try committee.string("name"), reason: petition.reason, rules: assembly.rules, now: now)
        let vote = try await insertProposal(draft, in: assembly, by: nil, petition: id, now: now)
        try await db.raw("""
            UPDATE recall_petitions SET vote_proposal = \(bind: vote.id.rawValue) WHERE id = \(bind: id.rawValue)
            """).run()
        petition = RecallPetition(id: petition.id, committee: petition.committee, delegate: petition.delegate, reason: petition.reason,
                                  openedAt: petition.openedAt, signatures: petition.signatures, vote: vote.id)
        return (petition, vote)
    }

    /// A committee of `parent`, set up by its decision, with its own #general channel.
    func createCommittee(of parent: ID<Assembly>, name: String, charter: Charter, proposal: ID<Proposal>, now: Date) async throws {
        let id = ID<Assembly>(RandomText.identifier())
        let parentRules = try await db.raw("SELECT rules FROM assemblies WHERE id = \(bind: parent.rawValue)").first()?.string("rules")
            ?? (try StoredJSON.encode(AssemblyRules.defaults))
        try await db.raw("""
            INSERT INTO assemblies (id, name, rules, created_at, kind, parent_id, charter)
            VALUES (\(bind: id.rawValue), \(bind: name), \(bind: parentRules), \(bind: now.storeMillis), 'committee', \(bind: parent.rawValue),
                    \(bind: try StoredJSON.encode(charter)))
            """).run()
        let general = Channel(id: Assembly(id: id, name: name, rules: .defaults, createdAt: now).generalChannel, assemblyID: id,
                              name: ChannelName.general.value, createdAt: now)
        try await insertChannel(general, key: ChannelName.general.key)
        try await audit(id, actor: .assembly, AuditRecord(.committeeCreated(proposal: proposal, name: name, charter: charter)), now: now)
    }

    /// Seats members of the sending assembly while its seats are vacant (a committee's seats, or
    /// the size of each assembly's delegation to a council), each with the charter's mandate;
    /// each becomes a member of the committee or council.
    func seatDelegates(_ accounts: [ID<Account>], in committee: ID<Assembly>, sentBy sender: ID<Assembly>, proposal: ID<Proposal>, now: Date) async throws {
        guard let row = try await db.raw("""
            SELECT c.charter, s.name AS sender_name,
                   (SELECT COUNT(*) FROM delegates d WHERE d.committee_id = c.id AND d.sent_by = s.id) AS seated
            FROM assemblies c, assemblies s WHERE c.id = \(bind: committee.rawValue) AND s.id = \(bind: sender.rawValue)
            """).first(), let charterText = try row.optionalString("charter") else { return }
        let charter = try StoredJSON.decode(Charter.self, charterText)
        var vacant = charter.seats - (try row.int("seated"))
        let termEnds = charter.termDays.map { now + TimeInterval($0 * 86400) }
        for account in accounts where vacant > 0 {
            guard try await db.raw("""
                INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by, invited_by_operator)
                VALUES (\(bind: committee.rawValue), \(bind: account.rawValue), \(bind: now.storeMillis), NULL, 0)
                ON CONFLICT (assembly_id, account_id) DO NOTHING RETURNING account_id
                """).first() != nil else { continue }
            try await db.raw("""
                INSERT INTO delegates (committee_id, account_id, sent_by, mandate, decisions, elected_at, term_ends_at)
                VALUES (\(bind: committee.rawValue), \(bind: account.rawValue), \(bind: sender.rawValue), \(bind: charter.mandate),
                        \(bind: try StoredJSON.encode([proposal])),
                        \(bind: now.storeMillis), \(bind: termEnds?.storeMillis))
                """).run()
            try await db.raw("""
                INSERT INTO delegate_terms (committee_id, account_id, terms) VALUES (\(bind: committee.rawValue), \(bind: account.rawValue), 1)
                ON CONFLICT (committee_id, account_id) DO UPDATE SET terms = delegate_terms.terms + 1
                """).run()
            try await audit(committee, actor: .assembly, AuditRecord(subject: account, .delegateSeated(assembly: try row.string("sender_name"), proposal: proposal)), now: now)
            try await record(.memberJoined(account), in: committee, now: now)
            vacant -= 1
        }
    }

    /// Takes the seat away: the membership goes (and the delegate's row with it), their pages on
    /// the committee reset on every node, and petitions about them close.
    func unseatDelegate(_ account: ID<Account>, from committee: ID<Assembly>, recalled: Bool, termEnded: Bool = false, now: Date) async throws {
        let sender = try await db.raw("""
            SELECT s.name, s.id, c.name AS body_name, a.pseudonym FROM delegates d JOIN assemblies s ON s.id = d.sent_by
            JOIN assemblies c ON c.id = d.committee_id JOIN accounts a ON a.id = d.account_id
            WHERE d.committee_id = \(bind: committee.rawValue) AND d.account_id = \(bind: account.rawValue)
            """).first()
        guard try await db.raw("""
            DELETE FROM memberships WHERE assembly_id = \(bind: committee.rawValue) AND account_id = \(bind: account.rawValue) RETURNING account_id
            """).first() != nil else { return }
        try await afterDepartures(in: committee)
        try await audit(committee, actor: .assembly, AuditRecord(subject: account, .delegateUnseated(assembly: try sender?.string("name") ?? "", recalled: recalled,
                                                                                                  termEnded: termEnded ? true : nil)), now: now)
        try await record(.memberLeft(account), in: committee, now: now)
        // The assembly that filled the seat is called to fill it again.
        if recalled || termEnded, let sender {
            let senderID = ID<Assembly>(try sender.string("id"))
            _ = try await post(.seatVacant(committee: committee, name: try sender.string("body_name"), pseudonym: try sender.string("pseudonym"), recalled: recalled),
                               in: senderID, general: Assembly(id: senderID, name: "", rules: .defaults, createdAt: now).generalChannel, now: now)
        }
        // A council's delegate who loses the seat there loses the seats it sent them to in other councils.
        try await leaveCommittees(of: committee, accountID: account, now: now)
        try await db.raw("""
            UPDATE recall_petitions SET closed_at = \(bind: now.storeMillis)
            WHERE committee_id = \(bind: committee.rawValue) AND delegate_id = \(bind: account.rawValue) AND closed_at IS NULL
            """).run()
    }

    /// A member who leaves an assembly (or is removed) gives up the seats it sent them to.
    func leaveCommittees(of assembly: ID<Assembly>, accountID: ID<Account>, now: Date) async throws {
        let seats = try await db.raw("""
            SELECT d.committee_id FROM delegates d
            WHERE d.sent_by = \(bind: assembly.rawValue) AND d.account_id = \(bind: accountID.rawValue)
            """).all().map { ID<Assembly>(try $0.string("committee_id")) }
        for committee in seats { try await unseatDelegate(accountID, from: committee, recalled: false, now: now) }
    }

    func setMandate(_ mandate: String, of account: ID<Account>, in committee: ID<Assembly>, proposal: ID<Proposal>) async throws {
        guard let row = try await db.raw("""
            SELECT decisions FROM delegates WHERE committee_id = \(bind: committee.rawValue) AND account_id = \(bind: account.rawValue)
            """).first() else { return }
        let decisions = try StoredJSON.decode([ID<Proposal>].self, try row.string("decisions")) + [proposal]
        try await db.raw("""
            UPDATE delegates SET mandate = \(bind: mandate), decisions = \(bind: try StoredJSON.encode(decisions))
            WHERE committee_id = \(bind: committee.rawValue) AND account_id = \(bind: account.rawValue)
            """).run()
    }
}

private enum AssemblyStanding: HotStatement { static let name = "assembly_standing" }
