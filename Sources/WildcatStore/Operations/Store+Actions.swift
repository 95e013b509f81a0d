import Foundation
import SQLKit
import WildcatDomain

extension Store {
    static let actionColumns = """
        x.id, x.assembly_id, x.kind, x.title, x.starts_at, x.ends_at, x.time_zone, x.place, x.details, x.status, x.public_text, x.call_number,
        x.call_points, x.published_at, x.withdrawn_at, x.created_by
        """

    static func action(_ row: any SQLRow) throws -> Action {
        Action(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), kind: Action.Kind(rawValue: try row.string("kind")) ?? .other,
               title: try row.string("title"), starts: ZonedTime(instant: try row.date("starts_at"), zone: try row.string("time_zone")),
               endsAt: try row.date("ends_at"), place: try row.string("place"), details: try row.string("details"),
               status: Action.Status(rawValue: try row.string("status")) ?? .drafted, publicText: try row.string("public_text"),
               callNumber: try row.string("call_number"), callPoints: try row.string("call_points"),
               publishedAt: try row.optionalDate("published_at"), withdrawnAt: try row.optionalDate("withdrawn_at"),
               createdBy: try row.optionalString("created_by").map(ID.init))
    }

    /// A new action: drafted, for the assembly to call by decision; or, in a committee acting
    /// under its mandate, called at once (`called`).
    public func createAction(_ request: ActionRequest, in assembly: ID<Assembly>, by member: ID<Account>, called: Bool, now: Date) async throws -> Action {
        let id = ID<Action>(RandomText.identifier())
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO actions (id, assembly_id, kind, title, starts_at, ends_at, time_zone, place, details, status, created_by, created_at)
                VALUES (\(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: request.kind.rawValue), \(bind: request.title),
                        \(bind: request.starts.instant.storeMillis), \(bind: request.endsAt.storeMillis), \(bind: request.starts.zone), \(bind: request.place),
                        \(bind: request.details), \(bind: called ? "called" : "drafted"), \(bind: member.rawValue), \(bind: now.storeMillis))
                """).run()
            for demand in request.demands {
                try await tx.db.raw("""
                    INSERT INTO action_demands (action_id, demand_id)
                    SELECT \(bind: id.rawValue), id FROM demands WHERE id = \(bind: demand.rawValue) AND assembly_id = \(bind: assembly.rawValue)
                    """).run()
            }
        }
        guard let action = try await action(id, in: assembly) else { throw StoreError.corruptRow("action just made") }
        return action
    }

    public func action(_ id: ID<Action>, in assembly: ID<Assembly>) async throws -> Action? {
        try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.actionColumns) FROM actions x WHERE x.id = \(bind: id.rawValue) AND x.assembly_id = \(bind: assembly.rawValue)")
                .first().map(Self.action)
        }
    }

    /// The assembly's actions, soonest first.
    public func actions(in assembly: ID<Assembly>, limit: Int = 100) async throws -> [Action] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.actionColumns) FROM actions x WHERE x.assembly_id = \(bind: assembly.rawValue)
                ORDER BY x.starts_at DESC, x.id LIMIT \(bind: limit)
                """).all().map(Self.action)
        }
    }

    /// The demands an action serves.
    public func demands(servedBy action: ID<Action>) async throws -> [Demand] {
        try await read { db in
            try await db.raw("""
                SELECT d.id, d.assembly_id, d.text, d.status FROM action_demands ad JOIN demands d ON d.id = ad.demand_id
                WHERE ad.action_id = \(bind: action.rawValue) ORDER BY d.created_at, d.id
                """).all().map {
                    Demand(id: ID(try $0.string("id")), assemblyID: ID(try $0.string("assembly_id")), text: try $0.string("text"),
                           status: Demand.Status(rawValue: try $0.string("status")) ?? .drafted, history: [])
                }
        }
    }

    /// What the public page says; kept until the assembly decides to publish it.
    public func setPublicWords(of id: ID<Action>, in assembly: ID<Assembly>, text: String, callNumber: String, callPoints: String) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE actions SET public_text = \(bind: text), call_number = \(bind: callNumber), call_points = \(bind: callPoints)
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) RETURNING id
                """).first() != nil else { throw Refusal.notFound }
        }
    }

    /// Cancels an action, as `Action.cancelRefusal` allows. Its public page goes with it.
    public func cancelAction(_ id: ID<Action>, in assembly: ID<Assembly>, by member: ID<Account>, inCommittee: Bool, now: Date) async throws {
        try await write { tx in
            guard let action = try await tx.db.raw("""
                SELECT \(unsafeRaw: Self.actionColumns) FROM actions x WHERE x.id = \(bind: id.rawValue) AND x.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.action) else { throw Refusal.notFound }
            if let refusal = action.cancelRefusal(by: member, inCommittee: inCommittee) { throw refusal }
            guard try await tx.db.raw("""
                UPDATE actions SET status = 'cancelled', withdrawn_at = COALESCE(withdrawn_at, \(bind: now.storeMillis))
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) RETURNING id
                """).first() != nil else { throw Refusal.notFound }
        }
    }

    /// Takes the public page down at once (any member may: withdrawing exposes nothing). A
    /// later decision to publish gives a new address.
    public func withdrawPublicPage(_ id: ID<Action>, in assembly: ID<Assembly>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE actions SET withdrawn_at = \(bind: now.storeMillis)
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) AND public_token IS NOT NULL AND withdrawn_at IS NULL
                RETURNING id
                """).first() != nil else { throw InputError(field: "action", "This action has no public page to withdraw.") }
        }
    }

    /// A committee's own decision about its action, under its mandate (an assembly's goes
    /// through a proposal and its closing).
    public func decideDirectly(_ id: ID<Action>, _ what: ActionDecision, in committee: ID<Assembly>, now: Date) async throws {
        try await write { tx in try await tx.decide(id, what, in: committee, now: now) }
    }

    /// The public page's token, for members to share.
    public func publicToken(of id: ID<Action>) async throws -> String? {
        try await read { db in
            try await db.raw("SELECT public_token FROM actions WHERE id = \(bind: id.rawValue) AND withdrawn_at IS NULL").first()?.optionalString("public_token")
        }
    }

    /// A public page by its token: nil if no action ever had it; the action (to say it was
    /// withdrawn) when it is no longer public.
    public func publicAction(token: String) async throws -> Action? {
        guard SecretToken.looksValid(token) else { return nil }
        return try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.actionColumns) FROM actions x WHERE x.public_token = \(bind: token)").first().map(Self.action)
        }
    }
}

extension Transaction {
    /// A decision about an action, applied only if the action still stands where it applies.
    func decide(_ id: ID<Action>, _ what: ActionDecision, in assembly: ID<Assembly>, now: Date) async throws {
        switch what {
        case .call:
            try await db.raw("""
                UPDATE actions SET status = 'called' WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) AND status = 'drafted'
                """).run()
        case .publish:
            // A new unguessable address each time: one withdrawn stays dead.
            try await db.raw("""
                UPDATE actions SET public_token = \(bind: SecretToken.generate().value), published_at = \(bind: now.storeMillis), withdrawn_at = NULL
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) AND status = 'called'
                """).run()
        case .callOff:
            try await db.raw("""
                UPDATE actions SET status = 'cancelled', withdrawn_at = COALESCE(withdrawn_at, \(bind: now.storeMillis))
                WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue) AND status = 'called'
                """).run()
        }
    }
}
