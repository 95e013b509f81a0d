import Foundation
import SQLKit
import WildcatDomain

/// What became of a member's pledge.
public enum PledgeOutcome: Sendable, Equatable {
    /// Counted (or already counted: a second pledge counts once).
    case counted(Int)
    /// This pledge reached the threshold: the pledgers are told.
    case reached(Int)
    /// Reached or expired already: nothing changed.
    case closed
}

extension Store {
    static let pledgeColumns = """
        p.id, p.assembly_id, p.text, p.threshold, p.deadline, p.created_at, p.state, p.reached_at, p.pledged
        """

    static func pledge(_ row: any SQLRow) throws -> Pledge {
        Pledge(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), text: try row.string("text"),
               threshold: try StoredJSON.decode(PledgeThreshold.self, try row.string("threshold")), deadline: try row.date("deadline"),
               createdAt: try row.date("created_at"), count: try row.int("pledged"), reachedAt: try row.optionalDate("reached_at"),
               state: Pledge.State(rawValue: try row.string("state")) ?? .open)
    }

    /// A new pledge; with `pledgedBy`, its maker pledges at once. The maker is not recorded.
    public func createPledge(_ request: PledgeRequest, in assembly: ID<Assembly>, pledgedBy member: ID<Account>?, now: Date) async throws -> Pledge {
        let id = ID<Pledge>(RandomText.identifier())
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO pledges (id, assembly_id, text, threshold, deadline, created_at)
                VALUES (\(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: request.text), \(bind: try StoredJSON.encode(request.threshold)),
                        \(bind: request.deadline.storeMillis), \(bind: now.storeMillis))
                """).run()
            if let member { _ = try await tx.pledge(id, in: assembly, by: member, now: now) } else {
                try await tx.record(.pledge(id, count: 0, state: .open), in: assembly, now: now)
            }
        }
        guard let pledge = try await pledge(id, in: assembly) else { throw StoreError.corruptRow("pledge just made") }
        return pledge
    }

    public func pledge(_ id: ID<Pledge>, in assembly: ID<Assembly>) async throws -> Pledge? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.pledgeColumns) FROM pledges p WHERE p.id = \(bind: id.rawValue) AND p.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.pledge)
        }
    }

    /// The assembly's pledges, newest first, each with whether this member pledged.
    public func pledges(in assembly: ID<Assembly>, member: ID<Account>, limit: Int = 50) async throws -> [(Pledge, mine: Bool)] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.pledgeColumns),
                       EXISTS (SELECT 1 FROM pledge_signers s WHERE s.pledge_id = p.id AND s.account_id = \(bind: member.rawValue)) AS mine
                FROM pledges p WHERE p.assembly_id = \(bind: assembly.rawValue) ORDER BY p.created_at DESC, p.id LIMIT \(bind: limit)
                """).all().map { (try Self.pledge($0), mine: try $0.flag("mine")) }
        }
    }

    public func hasPledged(_ id: ID<Pledge>, member: ID<Account>) async throws -> Bool {
        try await read { db in
            try await db.raw("SELECT 1 AS found FROM pledge_signers WHERE pledge_id = \(bind: id.rawValue) AND account_id = \(bind: member.rawValue)").first() != nil
        }
    }

    /// Who pledged: the caller shows them only to pledgers of a reached pledge.
    public func pledgers(of id: ID<Pledge>) async throws -> [String] {
        try await read { db in
            try await db.raw("""
                SELECT a.pseudonym FROM pledge_signers s JOIN accounts a ON a.id = s.account_id
                WHERE s.pledge_id = \(bind: id.rawValue) ORDER BY a.pseudonym_key
                """).all().map { try $0.string("pseudonym") }
        }
    }

    /// For benchmarks: how many times the pledge's pledgers were revealed (once at most).
    public func pledgeReveals(_ id: ID<Pledge>) async throws -> Int {
        try await read { db in
            try await db.raw("SELECT payload FROM events WHERE kind = 'pledgeReached'").all()
                .filter { (try? $0.string("payload").contains("\"\(id.rawValue)\"")) == true }.count
        }
    }

    public func makePledge(_ id: ID<Pledge>, in assembly: ID<Assembly>, by member: ID<Account>, now: Date) async throws -> PledgeOutcome {
        try await write { tx in try await tx.pledge(id, in: assembly, by: member, now: now) }
    }

    /// Takes the member's pledge back, while the pledge is open. Returns the count after.
    public func withdrawPledge(_ id: ID<Pledge>, in assembly: ID<Assembly>, by member: ID<Account>, now: Date) async throws -> PledgeOutcome {
        try await write { tx in
            guard let state = try await tx.holdPledge(id, in: assembly) else { throw Refusal.notFound }
            guard state == .open else { return .closed }
            if try await tx.db.raw("""
                DELETE FROM pledge_signers WHERE pledge_id = \(bind: id.rawValue) AND account_id = \(bind: member.rawValue) RETURNING account_id
                """).first() != nil {
                try await tx.db.raw("UPDATE pledges SET pledged = pledged - 1 WHERE id = \(bind: id.rawValue)").run()
            }
            let count = try await tx.pledgeCount(id)
            try await tx.record(.pledge(id, count: count, state: .open), in: assembly, now: now)
            return .counted(count)
        }
    }

    /// Pledges whose deadline passed unreached: their pledgers are deleted, never revealed.
    public func expirePledges(now: Date) async throws -> Int {
        try await write { tx in
            let due = try await tx.db.raw("""
                SELECT id, assembly_id FROM pledges WHERE state = 'open' AND deadline <= \(bind: now.storeMillis) ORDER BY deadline LIMIT 500
                """).all().map { (ID<Pledge>(try $0.string("id")), ID<Assembly>(try $0.string("assembly_id"))) }
            for (id, assembly) in due { try await tx.expire(id, in: assembly, now: now) }
            return due.count
        }
    }
}

extension Transaction {
    /// Holds the pledge's row (PostgreSQL) so pledges and withdrawals at the same moment count
    /// one after another; returns its state.
    func holdPledge(_ id: ID<Pledge>, in assembly: ID<Assembly>) async throws -> Pledge.State? {
        try await db.raw("UPDATE pledges SET state = state WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue)").run()
        return try await db.raw("SELECT state FROM pledges WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue)")
            .first().flatMap { Pledge.State(rawValue: try $0.string("state")) }
    }

    func pledgeCount(_ id: ID<Pledge>) async throws -> Int {
        try await db.raw("SELECT pledged FROM pledges WHERE id = \(bind: id.rawValue)").first()?.int("pledged") ?? 0
    }

    /// After members left (their pledges went with their memberships): the open pledges' counts
    /// follow. Reached pledges keep the count they were reached with.
    func recountPledges(in assembly: ID<Assembly>) async throws {
        try await db.raw("""
            UPDATE pledges SET pledged = (SELECT COUNT(*) FROM pledge_signers s WHERE s.pledge_id = pledges.id)
            WHERE assembly_id = \(bind: assembly.rawValue) AND state = 'open'
            """).run()
    }

    /// Few statements, as the pledge's row is held throughout: pledges to one pledge are counted
    /// one after another.
    func pledge(_ id: ID<Pledge>, in assembly: ID<Assembly>, by member: ID<Account>, now: Date) async throws -> PledgeOutcome {
        // Holds the row and reads it in one statement.
        guard let row = try await db.raw("""
            UPDATE pledges SET state = state WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue)
            RETURNING state, threshold, deadline, pledged
            """).first() else { throw Refusal.notFound }
        guard try row.string("state") == Pledge.State.open.rawValue else { return .closed }
        guard try row.date("deadline") > now else {
            try await expire(id, in: assembly, now: now)
            return .closed
        }
        // A member's first pledge is inserted and counted; a second inserts nothing and counts once.
        let count: Int
        if try await db.raw("""
            INSERT INTO pledge_signers (pledge_id, assembly_id, account_id, pledged_at)
            SELECT \(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: member.rawValue), \(bind: now.storeMillis)
            WHERE EXISTS (SELECT 1 FROM memberships WHERE assembly_id = \(bind: assembly.rawValue) AND account_id = \(bind: member.rawValue))
            ON CONFLICT (pledge_id, account_id) DO NOTHING RETURNING account_id
            """).first() != nil {
            count = try await db.raw("UPDATE pledges SET pledged = pledged + 1 WHERE id = \(bind: id.rawValue) RETURNING pledged").first()?.int("pledged") ?? 0
        } else {
            guard try await db.raw("""
                SELECT 1 AS found FROM memberships WHERE assembly_id = \(bind: assembly.rawValue) AND account_id = \(bind: member.rawValue)
                """).first() != nil else { throw Refusal.notFound }
            count = try row.int("pledged")
        }
        let threshold = try StoredJSON.decode(PledgeThreshold.self, try row.string("threshold"))
        // The members are counted only for a share.
        let members = threshold.share == nil ? 0
            : try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE assembly_id = \(bind: assembly.rawValue)").first()?.int("n") ?? 0
        guard threshold.isMet(pledged: count, members: members) else {
            try await record(.pledge(id, count: count, state: .open), in: assembly, now: now)
            return .counted(count)
        }
        // Reached: the state changes once, under the held row, so the reveal happens once.
        try await db.raw("UPDATE pledges SET state = 'reached', reached_at = \(bind: now.storeMillis) WHERE id = \(bind: id.rawValue)").run()
        let pledgers = try await db.raw("SELECT account_id FROM pledge_signers WHERE pledge_id = \(bind: id.rawValue)").all()
            .map { ID<Account>(try $0.string("account_id")) }
        try await record(.pledge(id, count: count, state: .reached), in: assembly, now: now)
        try await record(.pledgeReached(id, pledgers: Set(pledgers)), in: assembly, now: now)
        try await enqueueAlert(.pledgeReached, key: "pledge:\(id)", in: assembly, to: .pledgers(id), title: nil,
                               link: "/a/\(assembly)/pledges/\(id)", now: now)
        return .reached(count)
    }

    func expire(_ id: ID<Pledge>, in assembly: ID<Assembly>, now: Date) async throws {
        try await db.raw("DELETE FROM pledge_signers WHERE pledge_id = \(bind: id.rawValue)").run()
        try await db.raw("UPDATE pledges SET state = 'expired', pledged = 0 WHERE id = \(bind: id.rawValue) AND state = 'open'").run()
        try await record(.pledge(id, count: 0, state: .expired), in: assembly, now: now)
    }
}
