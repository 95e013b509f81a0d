import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Records a new signed-in device; the token itself is kept by the device only.
    public func createSession(accountID: ID<Account>, tokenHash: String, device: String, now: Date, expiresAt: Date) async throws -> Session {
        let session = Session(id: ID(RandomText.identifier()), accountID: accountID, device: String(device.prefix(80)), createdAt: now, lastSeenAt: now, expiresAt: expiresAt)
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO sessions (id, account_id, token_hash, device, created_at, last_seen_at, expires_at)
                VALUES (\(bind: session.id.rawValue), \(bind: accountID.rawValue), \(bind: tokenHash), \(bind: session.device),
                        \(bind: now.storeMillis), \(bind: now.storeMillis), \(bind: expiresAt.storeMillis))
                """).run()
        }
        return session
    }

    /// The live session and its account for a token hash; nil when unknown or expired.
    public func session(tokenHash: String, now: Date) async throws -> (Session, Account)? {
        if engine.kind == .postgres {
            guard !tokenHash.utf8.contains(0) else { return nil }
            return try await batchedSession(SessionQuery(tokenHash: tokenHash, assemblyID: "", now: now.storeMillis)).map { ($0.session, $0.account) }
        }
        return try await read { db in
            try await db.hotRows(SessionByToken.self, """
                SELECT \(unsafeRaw: Self.sessionColumns) FROM sessions s JOIN accounts u ON u.id = s.account_id
                WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now.storeMillis)
                """).first.map(Self.sessionAndAccount)
        }
    }

    /// The live session for a token hash and, in the same statement, how its account stands in
    /// the assembly a request is under (as `access(to:for:)` says): one round trip, not two, for
    /// a request nothing is remembered for, as each voter's first in a vote storm.
    public func session(tokenHash: String, now: Date, standingIn assemblyID: ID<Assembly>) async throws -> SessionFound? {
        if engine.kind == .postgres {
            // PostgreSQL's text holds no NUL: one lookup carrying it would fail its whole batch,
            // everyone else's sign-in with it. No token hash or id has one: no session, or no
            // assembly, without asking.
            guard !tokenHash.utf8.contains(0) else { return nil }
            let assembly = assemblyID.rawValue.utf8.contains(0) ? "" : assemblyID.rawValue
            return try await batchedSession(SessionQuery(tokenHash: tokenHash, assemblyID: assembly, now: now.storeMillis))
        }
        return try await read { db in
            guard let row = try await db.hotRows(SessionAndStanding.self, """
                SELECT \(unsafeRaw: Self.sessionColumns), \(unsafeRaw: Self.assemblyColumns), \(Self.standingColumns(of: "s.account_id"))
                FROM sessions s JOIN accounts u ON u.id = s.account_id
                LEFT JOIN assemblies a ON a.id = \(bind: assemblyID.rawValue)
                WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: now.storeMillis)
                """).first else { return nil }
            return try self.sessionFound(row)
        }
    }

    /// PostgreSQL: the lookups that arrive together go in one statement (each one a row of the
    /// arrays, numbered to be told apart), so a sign-in costs a share of a round trip.
    private func batchedSession(_ query: SessionQuery) async throws -> SessionFound? {
        try await sessionLookups.call(query) { queries in
            try await self.read { db in
                let rows = try await db.hotRows(SessionsAndStandings.self, """
                    SELECT q.n AS q_n, \(unsafeRaw: Self.sessionColumns), \(unsafeRaw: Self.assemblyColumns), \(Self.standingColumns(of: "s.account_id"))
                    FROM unnest(\(bind: queries.map(\.tokenHash))::text[], \(bind: queries.map(\.assemblyID))::text[], \(bind: queries.map(\.now))::bigint[])
                         WITH ORDINALITY AS q(token_hash, assembly_id, now, n)
                    JOIN sessions s ON s.token_hash = q.token_hash AND s.expires_at > q.now
                    JOIN accounts u ON u.id = s.account_id
                    LEFT JOIN assemblies a ON a.id = q.assembly_id
                    """)
                var found = [SessionFound?](repeating: nil, count: queries.count)
                for row in rows {
                    let index = try row.int("q_n") - 1
                    guard found.indices.contains(index) else { throw StoreError.corruptRow("a session lookup answered a query it was not asked") }
                    found[index] = try self.sessionFound(row)
                }
                return found
            }
        }
    }

    /// A session row with the assembly's and the standing's columns (null when no assembly by that id).
    private func sessionFound(_ row: any SQLRow) throws -> SessionFound {
        let (session, account) = try Self.sessionAndAccount(row)
        let standing = try row.optionalString("id") == nil ? nil : try self.standing(row)
        return (session, account, standing)
    }

    /// Columns `sessionAndAccount(_:)` reads, from `sessions s` and `accounts u` (named apart
    /// from an assembly's, which may share the row).
    private static let sessionColumns = """
        s.id AS sid, s.account_id AS s_account, s.device, s.created_at AS s_created, s.last_seen_at, s.expires_at,
        u.pseudonym AS u_pseudonym, u.created_at AS u_created
        """

    private static func sessionAndAccount(_ row: any SQLRow) throws -> (Session, Account) {
        let account = Account(id: ID(try row.string("s_account")), pseudonym: try row.string("u_pseudonym"), createdAt: try row.date("u_created"))
        let session = Session(
            id: ID(try row.string("sid")), accountID: account.id, device: try row.string("device"),
            createdAt: try row.date("s_created"), lastSeenAt: try row.date("last_seen_at"), expiresAt: try row.date("expires_at")
        )
        return (session, account)
    }

    /// Whether the session still exists and has not expired (read from the database, not a cache).
    public func sessionIsLive(_ id: ID<Session>, now: Date) async throws -> Bool {
        try await read { db in
            try await db.raw("SELECT id FROM sessions WHERE id = \(bind: id.rawValue) AND expires_at > \(bind: now.storeMillis)").first() != nil
        }
    }

    /// Notes activity on many sessions at once (batched by the web layer).
    public func touchSessions(_ touches: [(id: ID<Session>, lastSeen: Date, expiresAt: Date)]) async throws {
        guard !touches.isEmpty else { return }
        // A statement per few hundred sessions, not one each: on PostgreSQL each statement is a
        // round trip, and a vote storm touches thousands of sessions every flush.
        for chunk in stride(from: 0, to: touches.count, by: 500).map({ touches[$0..<min($0 + 500, touches.count)] }) {
            let rows: [SQLQueryString] = chunk.map { touch in
                "(CAST(\(bind: touch.id.rawValue) AS TEXT), CAST(\(bind: touch.lastSeen.storeMillis) AS BIGINT), CAST(\(bind: touch.expiresAt.storeMillis) AS BIGINT))"
            }
            let values = rows.joined(separator: ", ")
            try await write { tx in
                // A join on the sessions' key: correlated lookups in the list cost 500 × 500
                // comparisons a statement, and held the writer (and every write queued behind
                // it) for hundreds of milliseconds in a vote storm. VALUES names its columns
                // column1… on both engines.
                try await tx.db.raw("""
                    UPDATE sessions SET last_seen_at = v.column2, expires_at = v.column3
                    FROM (VALUES \(values)) AS v WHERE sessions.id = v.column1
                    """).run()
            }
        }
    }

    public func sessions(accountID: ID<Account>, now: Date) async throws -> [Session] {
        try await read { db in
            try await db.raw("""
                SELECT id, device, created_at, last_seen_at, expires_at FROM sessions
                WHERE account_id = \(bind: accountID.rawValue) AND expires_at > \(bind: now.storeMillis)
                ORDER BY last_seen_at DESC
                """).all().map { row in
                Session(id: ID(try row.string("id")), accountID: accountID, device: try row.string("device"),
                        createdAt: try row.date("created_at"), lastSeenAt: try row.date("last_seen_at"), expiresAt: try row.date("expires_at"))
            }
        }
    }

    /// Ends one of the account's own sessions. False when there was no such session of theirs.
    /// Its live sockets close on every node.
    @discardableResult
    public func revokeSession(_ id: ID<Session>, accountID: ID<Account>, now: Date) async throws -> Bool {
        try await write { tx in
            guard try await tx.db.raw("DELETE FROM sessions WHERE id = \(bind: id.rawValue) AND account_id = \(bind: accountID.rawValue) RETURNING id").first() != nil else {
                return false
            }
            try await tx.revoke(accountID, session: id, now: now)
            return true
        }
    }

    /// Deletes expired sessions (their live sockets close too); returns how many.
    @discardableResult
    public func purgeExpiredSessions(now: Date) async throws -> Int {
        try await write { tx in
            let expired = try await tx.db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now.storeMillis) RETURNING id, account_id").all()
            for row in expired { try await tx.revoke(ID(try row.string("account_id")), session: ID(try row.string("id")), now: now) }
            return expired.count
        }
    }
}

private enum SessionByToken: HotStatement { static let name = "session_by_token" }
private enum SessionAndStanding: HotStatement { static let name = "session_and_standing" }
private enum SessionsAndStandings: HotStatement { static let name = "sessions_and_standings" }

/// A live session, its account and how it stands in the assembly asked about, if any.
public typealias SessionFound = (session: Session, account: Account, standing: (Assembly, Permissions.Access)?)

/// One sign-in to look up: `assemblyID` empty when the request is under no assembly.
struct SessionQuery: Sendable {
    let tokenHash: String
    let assemblyID: String
    let now: Int64
}
