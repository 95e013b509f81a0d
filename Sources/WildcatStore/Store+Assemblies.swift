import Foundation
import SQLKit
import WildcatDomain

extension Store {
    // MARK: Assemblies

    /// Founds an assembly with the founder as its first member, under the given rules.
    public func createAssembly(name: AssemblyName, founder: ID<Account>, rules: AssemblyRules, now: Date) async throws -> Assembly {
        let assembly = Assembly(id: ID(RandomText.identifier()), name: name.value, rules: rules, createdAt: now)
        let rulesJSON = try Self.encodeJSON(rules)
        try await engine.write { db in
            try await db.raw("""
                INSERT INTO assemblies (id, name, rules, created_at)
                VALUES (\(bind: assembly.id.rawValue), \(bind: assembly.name), \(bind: rulesJSON), \(bind: now.storeMillis))
                """).run()
            try await db.raw("""
                INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by, invited_by_operator)
                VALUES (\(bind: assembly.id.rawValue), \(bind: founder.rawValue), \(bind: now.storeMillis), NULL, 0)
                """).run()
            try await Self.recordAudit(db, assemblyID: assembly.id.rawValue, kind: .assemblyCreated, actor: .member(founder), subject: nil, detail: ["name": assembly.name], now: now)
            let general = Channel(id: ID(assembly.id.rawValue + "g"), assemblyID: assembly.id, name: ChannelName.general.value, createdAt: now)
            try await Self.insertChannel(db, general, key: ChannelName.general.key)
        }
        return assembly
    }

    /// The assemblies an account belongs to, with member counts, newest first.
    public func assemblies(of accountID: ID<Account>) async throws -> [(assembly: Assembly, members: Int)] {
        try await engine.read { db in
            try await db.raw("""
                SELECT a.id, a.name, a.rules, a.created_at,
                       (SELECT COUNT(*) FROM memberships c WHERE c.assembly_id = a.id) AS members
                FROM assemblies a JOIN memberships m ON m.assembly_id = a.id
                WHERE m.account_id = \(bind: accountID.rawValue)
                ORDER BY a.created_at DESC, a.id
                """).all().map { (try Self.assembly($0), try $0.decode(column: "members", as: Int.self)) }
        }
    }

    /// The assembly, only if the account is a member of it: the one membership check that every
    /// assembly route goes through.
    public func assembly(_ id: ID<Assembly>, member accountID: ID<Account>) async throws -> Assembly? {
        try await engine.read { db in
            try await db.raw("""
                SELECT a.id, a.name, a.rules, a.created_at
                FROM assemblies a JOIN memberships m ON m.assembly_id = a.id
                WHERE a.id = \(bind: id.rawValue) AND m.account_id = \(bind: accountID.rawValue)
                """).first().map(Self.assembly)
        }
    }

    /// Assemblies whose id or exact name matches, for the operator's command line.
    public func assemblies(matching idOrName: String) async throws -> [Assembly] {
        try await engine.read { db in
            try await db.raw("SELECT id, name, rules, created_at FROM assemblies WHERE id = \(bind: idOrName) OR name = \(bind: idOrName) ORDER BY created_at")
                .all().map(Self.assembly)
        }
    }

    public func members(of assemblyID: ID<Assembly>) async throws -> [Member] {
        try await engine.read { db in
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

    /// The newest `limit` entries of the audit log, optionally before an entry id (for paging).
    public func auditLog(of assemblyID: ID<Assembly>, before: Int64? = nil, limit: Int = 100) async throws -> [AuditEntry] {
        let before = before ?? Int64.max
        return try await engine.read { db in
            try await db.raw("""
                SELECT e.id, e.at, e.kind, e.actor_is_operator, e.detail, ac.pseudonym AS actor, su.pseudonym AS subject
                FROM audit_events e
                LEFT JOIN accounts ac ON ac.id = e.actor_id
                LEFT JOIN accounts su ON su.id = e.subject_id
                WHERE e.assembly_id = \(bind: assemblyID.rawValue) AND e.id < \(bind: before)
                ORDER BY e.id DESC LIMIT \(bind: limit)
                """).all().map { row in
                let kindText = try row.string("kind")
                guard let kind = AuditKind(rawValue: kindText) else { throw StoreError.corruptRow("audit kind \(kindText)") }
                let detail = (try? JSONDecoder().decode([String: String].self, from: Data(try row.string("detail").utf8))) ?? [:]
                return AuditEntry(id: try row.decode(column: "id", as: Int64.self), at: try row.date("at"), kind: kind,
                                  actor: try row.optionalString("actor"), actorIsOperator: try row.flag("actor_is_operator"),
                                  subject: try row.optionalString("subject"), detail: detail)
            }
        }
    }

    /// A member leaves; an assembly left empty is deleted with all its data.
    public func leave(_ assemblyID: ID<Assembly>, accountID: ID<Account>, now: Date) async throws {
        try await engine.write { db in
            guard try await db.raw("DELETE FROM memberships WHERE assembly_id = \(bind: assemblyID.rawValue) AND account_id = \(bind: accountID.rawValue) RETURNING account_id").first() != nil else {
                throw Refusal.notFound
            }
            try await Self.recordDeparture(db, assemblyID: assemblyID.rawValue, accountID: accountID, detail: [:], now: now)
            try await db.raw("DELETE FROM assemblies WHERE id = \(bind: assemblyID.rawValue) AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = assemblies.id)").run()
        }
    }

    // MARK: Shared steps

    static func addMember(_ db: any SQLDatabase, assemblyID: ID<Assembly>, accountID: ID<Account>, invitedBy: String?, now: Date) async throws {
        try await db.raw("""
            INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by, invited_by_operator)
            VALUES (\(bind: assemblyID.rawValue), \(bind: accountID.rawValue), \(bind: now.storeMillis), \(bind: invitedBy), \(bind: invitedBy == nil ? 1 : 0))
            """).run()
        try await recordAudit(db, assemblyID: assemblyID.rawValue, kind: .memberJoined, actor: .member(accountID), subject: invitedBy, detail: invitedBy == nil ? ["invitedBy": "operator"] : [:], now: now)
        try await recordEvent(db, assemblyID: assemblyID.rawValue, accountID: accountID.rawValue, kind: .memberJoined, payload: [:], now: now)
    }

    /// Records a departure in the audit log and as a live event (which also ends the member's
    /// live delivery for this assembly).
    static func recordDeparture(_ db: any SQLDatabase, assemblyID: String, accountID: ID<Account>, detail: [String: String], now: Date) async throws {
        try await recordAudit(db, assemblyID: assemblyID, kind: .memberLeft, actor: .member(accountID), subject: accountID.rawValue, detail: detail, now: now)
        try await recordEvent(db, assemblyID: assemblyID, accountID: accountID.rawValue, kind: .memberLeft, payload: [:], now: now)
    }

    static func recordAudit(_ db: any SQLDatabase, assemblyID: String, kind: AuditKind, actor: Actor, subject: String?, detail: [String: String], now: Date) async throws {
        let detailJSON = try encodeJSON(detail)
        try await db.raw("""
            INSERT INTO audit_events (assembly_id, at, kind, actor_id, actor_is_operator, subject_id, detail)
            VALUES (\(bind: assemblyID), \(bind: now.storeMillis), \(bind: kind.rawValue), \(bind: actor.memberID), \(bind: actor.isOperator), \(bind: subject), \(bind: detailJSON))
            """).run()
    }

    /// Decoded rules by their stored text: the text is the key, so an entry is never stale, and
    /// a request need not decode JSON to know its assembly's rules.
    private static let decodedRules = Memo<String, AssemblyRules>()

    static func assembly(_ row: any SQLRow) throws -> Assembly {
        let rulesText = try row.string("rules")
        let rules: AssemblyRules
        if let known = decodedRules[rulesText] {
            rules = known
        } else {
            guard let decoded = try? JSONDecoder().decode(AssemblyRules.self, from: Data(rulesText.utf8)) else {
                throw StoreError.corruptRow("assembly rules")
            }
            decodedRules.remember(decoded, for: rulesText)
            rules = decoded
        }
        return Assembly(id: ID(try row.string("id")), name: try row.string("name"), rules: rules, createdAt: try row.date("created_at"))
    }

    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
