import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// The newest `limit` entries of the audit log, or those before an entry (for paging). nil
    /// when `before` names no entry of this log.
    public func auditLog(of assemblyID: ID<Assembly>, before: ID<AuditEntry>? = nil, limit: Int = 100) async throws -> [AuditEntry]? {
        try await read { db in
            var bound = Int64.max
            if let before {
                guard let row = try await db.raw("""
                    SELECT id FROM audit_events WHERE public_id = \(bind: before.rawValue) AND assembly_id = \(bind: assemblyID.rawValue)
                    """).first() else { return nil }
                bound = try row.int64("id")
            }
            return try await db.raw("""
                SELECT e.public_id, e.at, e.kind, e.actor_is_operator, e.detail, e.fact, ac.pseudonym AS actor, su.pseudonym AS subject
                FROM audit_events e
                LEFT JOIN accounts ac ON ac.id = e.actor_id
                LEFT JOIN accounts su ON su.id = e.subject_id
                WHERE e.assembly_id = \(bind: assemblyID.rawValue) AND e.id < \(bind: bound)
                ORDER BY e.id DESC LIMIT \(bind: limit)
                """).all().map(Self.auditEntry)
        }
    }

    static func auditEntry(_ row: any SQLRow) throws -> AuditEntry {
        let fact: AuditFact
        if let text = try row.optionalString("fact") {
            fact = try StoredJSON.decode(AuditFact.self, text)
        } else {
            let kind = try row.string("kind")
            let detail = (try? StoredJSON.decode([String: String].self, try row.string("detail"))) ?? [:]
            guard let legacy = LegacyRecords.auditFact(kind: kind, detail: detail) else { throw StoreError.corruptRow("audit kind \(kind)") }
            fact = legacy
        }
        let actor: AuditEntry.ActorName
        if try row.flag("actor_is_operator") {
            actor = .operator
        } else if let name = try row.optionalString("actor") {
            actor = .member(name)
        } else {
            // No actor account: the assembly itself acted, or the member has deleted their account.
            actor = Self.actsOfTheAssembly(fact) ? .assembly : .formerMember
        }
        return AuditEntry(id: ID(try row.string("public_id")), at: try row.date("at"), actor: actor, subject: try row.optionalString("subject"), fact: fact)
    }

    /// Facts that only the assembly's decisions produce.
    private static func actsOfTheAssembly(_ fact: AuditFact) -> Bool {
        switch fact {
        case .proposalClosed, .rulesChanged, .assemblyRenamed, .memberRemoved: return true
        default: return false
        }
    }
}

extension Transaction {
    /// Adds a line to an assembly's audit log.
    func audit(_ assemblyID: ID<Assembly>, actor: Actor, _ record: AuditRecord, now: Date) async throws {
        let actorID: String? = if case .member(let id) = actor { id.rawValue } else { nil }
        try await db.raw("""
            INSERT INTO audit_events (public_id, assembly_id, at, kind, actor_id, actor_is_operator, subject_id, detail, fact)
            VALUES (\(bind: RandomText.identifier()), \(bind: assemblyID.rawValue), \(bind: now.storeMillis), \(bind: record.fact.kind.rawValue), \(bind: actorID),
                    \(bind: actor == .operator ? 1 : 0), \(bind: record.subject?.rawValue), '{}', \(bind: try StoredJSON.encode(record.fact)))
            """).run()
    }
}
