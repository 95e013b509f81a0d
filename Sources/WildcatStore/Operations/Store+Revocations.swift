import Foundation
import SQLKit
import WildcatDomain

/// An ended session (or, with no session, every session of an account): its live sockets close.
public struct Revocation: Sendable, Hashable {
    public let id: Int64
    public let account: ID<Account>
    /// nil: all the account's sessions (the account was deleted).
    public let session: ID<Session>?
}

extension Store {
    /// Revocations after `id`, oldest first: what every node's live hub acts on.
    public func revocations(after id: Int64, limit: Int = 1000) async throws -> [Revocation] {
        try await read { db in
            try await db.raw("""
                SELECT id, account_id, session_id FROM revocations WHERE id > \(bind: id) ORDER BY id LIMIT \(bind: limit)
                """).all().map {
                Revocation(id: try $0.int64("id"), account: ID(try $0.string("account_id")), session: try $0.optionalString("session_id").map(ID.init))
            }
        }
    }

    /// The newest revocation id, or 0.
    public func latestRevocationID() async throws -> Int64 {
        try await read { db in
            try await db.raw("SELECT MAX(id) AS v FROM revocations").first()?.decode(column: "v", as: Int64?.self) ?? 0
        }
    }
}

extension Transaction {
    /// Records that a session (or every session of the account) ended; the store rings the live
    /// fan-out once this commits, and every node closes the matching sockets.
    func revoke(_ account: ID<Account>, session: ID<Session>?, now: Date) async throws {
        try await db.raw("""
            INSERT INTO revocations (account_id, session_id, created_at) VALUES (\(bind: account.rawValue), \(bind: session?.rawValue), \(bind: now.storeMillis))
            """).run()
        recorder.noteEvent()
    }
}
