import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Founds an assembly with the founder as its first member, under the given rules.
    public func createAssembly(name: AssemblyName, founder: ID<Account>, rules: AssemblyRules, now: Date) async throws -> Assembly {
        let assembly = Assembly(id: ID(RandomText.identifier()), name: name.value, rules: rules, createdAt: now)
        let rulesJSON = try StoredJSON.encode(rules)
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO assemblies (id, name, rules, created_at)
                VALUES (\(bind: assembly.id.rawValue), \(bind: assembly.name), \(bind: rulesJSON), \(bind: now.storeMillis))
                """).run()
            try await tx.db.raw("""
                INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by, invited_by_operator)
                VALUES (\(bind: assembly.id.rawValue), \(bind: founder.rawValue), \(bind: now.storeMillis), NULL, 0)
                """).run()
            try await tx.audit(assembly.id, actor: .member(founder), AuditRecord(.assemblyFounded(name: assembly.name)), now: now)
            let general = Channel(id: assembly.generalChannel, assemblyID: assembly.id, name: ChannelName.general.value, createdAt: now)
            try await tx.insertChannel(general, key: ChannelName.general.key)
        }
        return assembly
    }

    /// The assemblies an account belongs to, with member counts, newest first.
    public func assemblies(of accountID: ID<Account>) async throws -> [(assembly: Assembly, members: Int)] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.assemblyColumns),
                       (SELECT COUNT(*) FROM memberships c WHERE c.assembly_id = a.id) AS members
                FROM assemblies a JOIN memberships m ON m.assembly_id = a.id
                WHERE m.account_id = \(bind: accountID.rawValue)
                ORDER BY a.created_at DESC, a.id
                """).all().map { (try self.assembly($0), try $0.int("members")) }
        }
    }

    /// The assembly, only if the account is a member of it: the one membership check that every
    /// assembly route goes through.
    public func assembly(_ id: ID<Assembly>, member accountID: ID<Account>) async throws -> Assembly? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.assemblyColumns)
                FROM assemblies a JOIN memberships m ON m.assembly_id = a.id
                WHERE a.id = \(bind: id.rawValue) AND m.account_id = \(bind: accountID.rawValue)
                """).first().map(self.assembly)
        }
    }

    /// Assemblies whose id or exact name matches, for the operator's command line.
    public func assemblies(matching idOrName: String) async throws -> [Assembly] {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a WHERE a.kind = 'assembly' AND (a.id = \(bind: idOrName) OR a.name = \(bind: idOrName)) ORDER BY created_at")
                .all().map(self.assembly)
        }
    }

    public func members(of assemblyID: ID<Assembly>) async throws -> [Member] {
        try await read { db in
            try await db.raw("""
                SELECT m.account_id, a.pseudonym, m.joined_at, m.invited_by_operator, i.pseudonym AS inviter
                FROM memberships m JOIN accounts a ON a.id = m.account_id
                LEFT JOIN accounts i ON i.id = m.invited_by
                WHERE m.assembly_id = \(bind: assemblyID.rawValue)
                ORDER BY m.joined_at, a.pseudonym_key
                """).all().map { row in
                Member(accountID: ID(try row.string("account_id")), pseudonym: try row.string("pseudonym"),
                       joinedAt: try row.date("joined_at"), invitedBy: try row.optionalString("inviter"),
                       invitedByOperator: try row.flag("invited_by_operator"))
            }
        }
    }

    /// When the account joined the assembly; nil if it is not a member (an observer of a committee).
    public func joinedAt(_ accountID: ID<Account>, in assemblyID: ID<Assembly>) async throws -> Date? {
        try await read { db in
            try await db.raw("SELECT joined_at FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: accountID.rawValue)")
                .first()?.date("joined_at")
        }
    }

    public func memberCount(of assemblyID: ID<Assembly>) async throws -> Int {
        try await read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue)").first()?.int("n") ?? 0
        }
    }

    /// Ids of the assemblies an account belongs to.
    public func assemblyIDs(of accountID: ID<Account>) async throws -> [ID<Assembly>] {
        try await read { db in
            try await db.raw("SELECT assembly_id FROM memberships WHERE account_id = \(bind: accountID.rawValue)").all()
                .map { ID(try $0.string("assembly_id")) }
        }
    }

    /// A member leaves; an assembly left empty is deleted with all its data.
    public func leave(_ assemblyID: ID<Assembly>, accountID: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("DELETE FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: accountID.rawValue) RETURNING account_id").first() != nil else {
                throw Refusal.notFound
            }
            try await tx.afterDepartures(in: assemblyID)
            try await tx.recordDeparture(assemblyID: assemblyID, accountID: accountID, fact: .memberLeft, now: now)
            try await tx.leaveCommittees(of: assemblyID, accountID: accountID, now: now)
            // An empty committee waits for its next election; an empty assembly is gone.
            try await tx.db.raw("""
                DELETE FROM assemblies WHERE id = \(bind: assemblyID.rawValue) AND kind = 'assembly'
                  AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = assemblies.id)
                """).run()
        }
    }

    func assembly(_ row: any SQLRow) throws -> Assembly {
        let rulesText = try row.string("rules")
        let rules: AssemblyRules
        if let known = decodedRules[rulesText] {
            rules = known
        } else {
            guard let decoded = try? StoredJSON.decode(AssemblyRules.self, rulesText) else { throw StoreError.corruptRow("assembly rules") }
            decodedRules.remember(decoded, for: rulesText)
            rules = decoded
        }
        return try Self.assembly(row, rules: rules)
    }

    /// An assembly record with its rules already read (`assembly(_:)` remembers decoded rules).
    static func assembly(_ row: any SQLRow, rules: AssemblyRules) throws -> Assembly {
        let kind = AssemblyKind(rawValue: try row.string("kind")) ?? .assembly
        let charter = try row.optionalString("charter").map { try StoredJSON.decode(Charter.self, $0) }
        return Assembly(id: ID(try row.string("id")), name: try row.string("name"), rules: rules, createdAt: try row.date("created_at"),
                        kind: kind, parent: try row.optionalString("parent_id").map(ID.init), charter: charter)
    }

    /// Columns `assembly(_:)` reads, from `assemblies a`.
    static let assemblyColumns = "a.id, a.name, a.rules, a.created_at, a.kind, a.parent_id, a.charter"
}

extension Transaction {
    func addMember(assemblyID: ID<Assembly>, accountID: ID<Account>, invitedBy: String?, now: Date) async throws {
        try await db.raw("""
            INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by, invited_by_operator)
            VALUES (\(bind: assemblyID.rawValue), \(bind: accountID.rawValue), \(bind: now.storeMillis), \(bind: invitedBy), \(bind: invitedBy == nil ? 1 : 0))
            """).run()
        try await audit(assemblyID, actor: .member(accountID),
                        AuditRecord(subject: invitedBy.map(ID.init), .memberJoined(invitedByOperator: invitedBy == nil)), now: now)
        try await record(.memberJoined(accountID), in: assemblyID, now: now)
    }

    /// Records a departure in the audit log and as a live event (which also ends the member's
    /// live delivery for this assembly).
    func recordDeparture(assemblyID: ID<Assembly>, accountID: ID<Account>, fact: AuditFact, now: Date) async throws {
        try await audit(assemblyID, actor: .member(accountID), AuditRecord(subject: accountID, fact), now: now)
        try await record(.memberLeft(accountID), in: assemblyID, now: now)
    }
}
