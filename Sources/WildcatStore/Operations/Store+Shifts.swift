import Foundation
import SQLKit
import WildcatDomain

/// Who takes a shift: a member of the assembly, or a supporter of its public action.
public enum ShiftPerson: Sendable, Hashable {
    case member(ID<Account>)
    case supporter(ID<Supporter>)

    var key: String {
        switch self {
        case .member(let id): return "m:\(id)"
        case .supporter(let id): return "s:\(id)"
        }
    }
}

/// A shift with who holds it: members by pseudonym (for members' eyes) and supporters by name.
public struct ShiftSeen: Sendable {
    public let shift: Shift
    public let members: [String]
    public let supporters: [String]
    public let mine: Bool
}

extension Store {
    static func shift(_ row: any SQLRow) throws -> Shift {
        Shift(id: ID(try row.string("id")), actionID: ID(try row.string("action_id")), role: try row.string("role"),
              startsAt: try row.date("starts_at"), endsAt: try row.date("ends_at"), needed: try row.int("needed"), taken: try row.int("taken"))
    }

    public func addShift(_ request: ShiftRequest, to action: ID<Action>, now: Date) async throws -> Shift {
        let shift = Shift(id: ID(RandomText.identifier()), actionID: action, role: request.role, startsAt: request.startsAt, endsAt: request.endsAt,
                          needed: request.needed, taken: 0)
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO shifts (id, action_id, role, starts_at, ends_at, needed)
                VALUES (\(bind: shift.id.rawValue), \(bind: action.rawValue), \(bind: shift.role), \(bind: shift.startsAt.storeMillis),
                        \(bind: shift.endsAt.storeMillis), \(bind: shift.needed))
                """).run()
            try await tx.boardChanged(action, now: now)
        }
        return shift
    }

    /// The rota, in time order, with the holders' names.
    public func shifts(of action: ID<Action>, viewer: ShiftPerson?) async throws -> [ShiftSeen] {
        try await read { db in
            let shifts = try await db.raw("""
                SELECT id, action_id, role, starts_at, ends_at, needed, taken FROM shifts WHERE action_id = \(bind: action.rawValue) ORDER BY starts_at, role, id
                """).all().map(Self.shift)
            var members: [String: [String]] = [:], supporters: [String: [String]] = [:], mine: Set<String> = []
            for row in try await db.raw("""
                SELECT g.shift_id, g.person, a.pseudonym, s.name FROM shift_signups g
                LEFT JOIN accounts a ON a.id = g.account_id LEFT JOIN supporters s ON s.id = g.supporter_id
                WHERE g.action_id = \(bind: action.rawValue) ORDER BY g.person
                """).all() {
                let shift = try row.string("shift_id")
                if let pseudonym = try row.optionalString("pseudonym") { members[shift, default: []].append(pseudonym) }
                if let name = try row.optionalString("name") { supporters[shift, default: []].append(name) }
                if try row.string("person") == viewer?.key { mine.insert(shift) }
            }
            return shifts.map { ShiftSeen(shift: $0, members: members[$0.id.rawValue] ?? [], supporters: supporters[$0.id.rawValue] ?? [],
                                          mine: mine.contains($0.id.rawValue)) }
        }
    }

    /// Takes a shift, under the action's held row so that one person's sign-ups are checked one
    /// after another; the count is raised only while below what the shift needs.
    public func takeShift(_ shift: ID<Shift>, of action: ID<Action>, by person: ShiftPerson, now: Date) async throws {
        try await write { tx in try await tx.takeShift(shift, of: action, by: person, now: now) }
    }

    /// Gives a shift back (before it begins).
    public func leaveShift(_ shift: ID<Shift>, of action: ID<Action>, by person: ShiftPerson, now: Date) async throws {
        try await write { tx in
            guard let row = try await tx.db.raw("SELECT starts_at FROM shifts WHERE id = \(bind: shift.rawValue) AND action_id = \(bind: action.rawValue)").first()
            else { throw Refusal.notFound }
            guard try row.date("starts_at") > now else { throw InputError(field: "shift", "This shift has begun: tell the others on the board instead.") }
            if try await tx.db.raw("""
                DELETE FROM shift_signups WHERE shift_id = \(bind: shift.rawValue) AND person = \(bind: person.key) RETURNING person
                """).first() != nil {
                try await tx.db.raw("UPDATE shifts SET taken = taken - 1 WHERE id = \(bind: shift.rawValue)").run()
                try await tx.boardChanged(action, now: now)
            }
        }
    }

    /// Shifts beginning within `lead`: the members who took them are reminded, once.
    public func remindShifts(now: Date, lead: TimeInterval) async throws -> Int {
        try await write { tx in
            let due = try await tx.db.raw("""
                UPDATE shifts SET reminded_at = \(bind: now.storeMillis)
                WHERE reminded_at IS NULL AND starts_at > \(bind: now.storeMillis) AND starts_at <= \(bind: (now + lead).storeMillis)
                RETURNING id, action_id
                """).all()
            for row in due {
                let shift = ID<Shift>(try row.string("id"))
                guard let action = try await tx.db.raw("SELECT assembly_id, status FROM actions WHERE id = \(bind: try row.string("action_id"))").first(),
                      try action.string("status") != Action.Status.cancelled.rawValue else { continue }
                let assembly = ID<Assembly>(try action.string("assembly_id"))
                try await tx.enqueueAlert(.shiftSoon, key: "shift:\(shift)", in: assembly, to: .shiftHolders(shift), title: nil,
                                          link: "/a/\(assembly)/actions/\(try row.string("action_id"))", now: now)
            }
            return due.count
        }
    }
}

extension Transaction {
    /// After members left (or their accounts went): their pledges stop counting and their shifts
    /// in the assembly's actions are freed, the counts following.
    func afterDepartures(in assembly: ID<Assembly>) async throws {
        try await recountPledges(in: assembly)
        try await db.raw("""
            DELETE FROM shift_signups WHERE account_id IS NOT NULL
              AND action_id IN (SELECT id FROM actions WHERE assembly_id = \(bind: assembly.rawValue))
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.assembly_id = \(bind: assembly.rawValue) AND m.account_id = shift_signups.account_id)
            """).run()
        try await db.raw("""
            UPDATE shifts SET taken = (SELECT COUNT(*) FROM shift_signups g WHERE g.shift_id = shifts.id)
            WHERE action_id IN (SELECT id FROM actions WHERE assembly_id = \(bind: assembly.rawValue))
            """).run()
    }

    func takeShift(_ id: ID<Shift>, of action: ID<Action>, by person: ShiftPerson, now: Date) async throws {
        guard let held = try await db.raw("UPDATE actions SET status = status WHERE id = \(bind: action.rawValue) RETURNING status").first() else {
            throw Refusal.notFound
        }
        guard try held.string("status") != Action.Status.cancelled.rawValue else {
            throw InputError(field: "shift", "This action was cancelled.")
        }
        guard let shift = try await db.raw("""
            SELECT id, action_id, role, starts_at, ends_at, needed, taken FROM shifts WHERE id = \(bind: id.rawValue) AND action_id = \(bind: action.rawValue)
            """).first().map(Store.shift) else { throw Refusal.notFound }
        let mine = try await db.raw("""
            SELECT s.id, s.action_id, s.role, s.starts_at, s.ends_at, s.needed, s.taken FROM shift_signups g JOIN shifts s ON s.id = g.shift_id
            WHERE g.action_id = \(bind: action.rawValue) AND g.person = \(bind: person.key)
            """).all().map(Store.shift)
        if let refusal = shift.signUpRefusal(holding: mine, now: now) { throw refusal }
        if mine.contains(where: { $0.id == id }) { return }
        guard try await db.raw("UPDATE shifts SET taken = taken + 1 WHERE id = \(bind: id.rawValue) AND taken < needed RETURNING taken").first() != nil else {
            throw InputError(field: "shift", "This shift is full: choose another.")
        }
        let (account, supporter): (String?, String?) = {
            switch person {
            case .member(let a): return (a.rawValue, nil)
            case .supporter(let s): return (nil, s.rawValue)
            }
        }()
        try await db.raw("""
            INSERT INTO shift_signups (shift_id, action_id, person, account_id, supporter_id, starts_at, ends_at)
            VALUES (\(bind: id.rawValue), \(bind: action.rawValue), \(bind: person.key), \(bind: account), \(bind: supporter),
                    \(bind: shift.startsAt.storeMillis), \(bind: shift.endsAt.storeMillis))
            """).run()
        try await boardChanged(action, now: now)
    }
}
