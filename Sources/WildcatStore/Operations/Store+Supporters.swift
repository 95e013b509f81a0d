import Foundation
import SQLKit
import WildcatDomain

/// A supporter as the assembly sees them on one action.
public struct SupporterSeen: Sendable {
    public let supporter: Supporter
    public let calls: Int
}

extension Store {
    /// The supporter a cookie's secret names.
    public func supporter(token: String) async throws -> Supporter? {
        guard SecretToken.looksValid(token) else { return nil }
        return try await read { db in
            try await db.raw("SELECT id, name, contact FROM supporters WHERE token_hash = \(bind: SecretToken.hash(token))").first()
                .map { Supporter(id: ID(try $0.string("id")), name: try $0.string("name"), contact: try $0.string("contact")) }
        }
    }

    /// Signs a supporter up for a public action, and for the shifts they chose, in one
    /// transaction: all of it, or (a full or overlapping shift) none of it. A new supporter is
    /// made when `existing` is nil; their secret comes back once, for their cookie.
    public func signUpSupporter(existing: ID<Supporter>?, name: String, contact: String, for action: ID<Action>, shifts: [ID<Shift>],
                                now: Date) async throws -> (Supporter, SecretToken?) {
        try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT status, public_token, withdrawn_at FROM actions WHERE id = \(bind: action.rawValue)
                """).first(), try row.optionalString("public_token") != nil, try row.optionalDate("withdrawn_at") == nil,
                  try row.string("status") == Action.Status.called.rawValue else { throw Refusal.notFound }
            var token: SecretToken?
            let supporter: Supporter
            if let existing {
                try await tx.db.raw("UPDATE supporters SET name = \(bind: name), contact = \(bind: contact) WHERE id = \(bind: existing.rawValue)").run()
                supporter = Supporter(id: existing, name: name, contact: contact)
            } else {
                let fresh = SecretToken.generate()
                supporter = Supporter(id: ID(RandomText.identifier()), name: name, contact: contact)
                try await tx.db.raw("""
                    INSERT INTO supporters (id, token_hash, name, contact, created_at)
                    VALUES (\(bind: supporter.id.rawValue), \(bind: fresh.hash), \(bind: name), \(bind: contact), \(bind: now.storeMillis))
                    """).run()
                token = fresh
            }
            try await tx.db.raw("""
                INSERT INTO supporter_actions (supporter_id, action_id, joined_at) VALUES (\(bind: supporter.id.rawValue), \(bind: action.rawValue), \(bind: now.storeMillis))
                ON CONFLICT (action_id, supporter_id) DO NOTHING
                """).run()
            // Removed by the assembly: not again, under the same name or another.
            if try await tx.db.raw("""
                SELECT 1 AS found FROM supporter_actions WHERE supporter_id = \(bind: supporter.id.rawValue) AND action_id = \(bind: action.rawValue) AND removed = 1
                """).first() != nil { throw Refusal.notPermitted(.removedSupporter) }
            for shift in shifts { try await tx.takeShift(shift, of: action, by: .supporter(supporter.id), now: now) }
            try await tx.boardChanged(action, now: now)
            return (supporter, token)
        }
    }

    /// Whether the supporter signed up for the action (what lets them see it).
    public func hasSignedUp(_ supporter: ID<Supporter>, for action: ID<Action>) async throws -> Bool {
        try await read { db in
            try await db.raw("""
                SELECT 1 AS found FROM supporter_actions WHERE supporter_id = \(bind: supporter.rawValue) AND action_id = \(bind: action.rawValue) AND removed = 0
                """).first() != nil
        }
    }

    /// The public actions the supporter signed up for, with their tokens: all they can see.
    public func actions(ofSupporter supporter: ID<Supporter>) async throws -> [(Action, token: String)] {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.actionColumns), x.public_token FROM supporter_actions s JOIN actions x ON x.id = s.action_id
                WHERE s.supporter_id = \(bind: supporter.rawValue) AND s.removed = 0 AND x.public_token IS NOT NULL AND x.withdrawn_at IS NULL AND x.status = 'called'
                ORDER BY x.starts_at
                """).all().map { (try Self.action($0), token: try $0.string("public_token")) }
        }
    }

    /// "I called": counted per supporter and action.
    public func reportCall(by supporter: ID<Supporter>, for action: ID<Action>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE supporter_actions SET calls = calls + 1
                WHERE supporter_id = \(bind: supporter.rawValue) AND action_id = \(bind: action.rawValue) AND removed = 0 RETURNING calls
                """).first() != nil else { throw Refusal.notFound }
            try await tx.boardChanged(action, now: now)
        }
    }

    public func supporters(of action: ID<Action>) async throws -> [SupporterSeen] {
        try await read { db in
            try await db.raw("""
                SELECT s.id, s.name, s.contact, x.calls FROM supporter_actions x JOIN supporters s ON s.id = x.supporter_id
                WHERE x.action_id = \(bind: action.rawValue) AND x.removed = 0 ORDER BY x.joined_at, s.id
                """).all().map {
                    SupporterSeen(supporter: Supporter(id: ID(try $0.string("id")), name: try $0.string("name"), contact: try $0.string("contact")),
                                  calls: try $0.int("calls"))
                }
        }
    }

    /// Counts for a public page: supporters and calls reported.
    public func supportCounts(of action: ID<Action>) async throws -> (supporters: Int, calls: Int) {
        try await read { db in
            let row = try await db.raw("""
                SELECT COUNT(*) AS n, CAST(COALESCE(SUM(calls), 0) AS BIGINT) AS calls FROM supporter_actions WHERE action_id = \(bind: action.rawValue) AND removed = 0
                """).first()
            return (try row?.int("n") ?? 0, try row?.int("calls") ?? 0)
        }
    }

    /// A member removes a supporter from the action: their shifts are freed, the action is gone
    /// from what they see, and they cannot sign up for it again.
    public func removeSupporter(_ supporter: ID<Supporter>, from action: ID<Action>, in assembly: ID<Assembly>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("SELECT 1 AS found FROM actions WHERE id = \(bind: action.rawValue) AND assembly_id = \(bind: assembly.rawValue)").first() != nil,
                  try await tx.db.raw("""
                    UPDATE supporter_actions SET removed = 1
                    WHERE supporter_id = \(bind: supporter.rawValue) AND action_id = \(bind: action.rawValue) AND removed = 0 RETURNING supporter_id
                    """).first() != nil else { throw Refusal.notFound }
            let freed = try await tx.db.raw("""
                DELETE FROM shift_signups WHERE action_id = \(bind: action.rawValue) AND person = \(bind: ShiftPerson.supporter(supporter).key) RETURNING shift_id
                """).all()
            for row in freed {
                try await tx.db.raw("UPDATE shifts SET taken = taken - 1 WHERE id = \(bind: try row.string("shift_id"))").run()
            }
            try await tx.boardChanged(action, now: now)
        }
    }

    /// For benchmarks and tests: every sign-up the store holds for an action.
    public func supporterCount(of action: ID<Action>) async throws -> Int {
        try await supportCounts(of: action).supporters
    }
}
