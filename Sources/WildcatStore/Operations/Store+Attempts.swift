import Foundation
import SQLKit

/// Attempts counted in fixed windows in the database, so that every node sharing it counts
/// together (guessing passphrases or invites from several nodes gains nothing). Keys arrive
/// already hashed with the instance's secret: no address or pseudonym is stored.
extension Store {
    /// Whether several nodes may share this database (PostgreSQL): then guessing limits are
    /// counted here rather than in each process.
    public var sharedByNodes: Bool { engine.kind == .postgres }

    /// Records one attempt; returns the seconds left in the window when the attempts in it are
    /// now more than `limit`, else nil.
    public func countAttempt(keyHash: String, limit: Int, window: TimeInterval, now: Date) async throws -> Int? {
        let current = now.storeMillis, lapsed = now.storeMillis - Int64(window * 1000)
        let (start, attempts) = try await write { tx in
            // SET reads the row as it was: both CASEs see the old window's start.
            let row = try await tx.db.raw("""
                INSERT INTO attempt_windows (key_hash, started_at, attempts) VALUES (\(bind: keyHash), \(bind: current), 1)
                ON CONFLICT (key_hash) DO UPDATE SET
                  attempts = CASE WHEN attempt_windows.started_at <= \(bind: lapsed) THEN 1 ELSE attempt_windows.attempts + 1 END,
                  started_at = CASE WHEN attempt_windows.started_at <= \(bind: lapsed) THEN \(bind: current) ELSE attempt_windows.started_at END
                RETURNING started_at, attempts
                """).first()
            return (try row?.int64("started_at") ?? current, try row?.int64("attempts") ?? 1)
        }
        return Self.retryAfter(start: start, attempts: attempts, over: limit, window: window, now: now)
    }

    /// The seconds left in the window when its attempts already reach `limit`, else nil; records nothing.
    public func attemptsExhausted(keyHash: String, limit: Int, window: TimeInterval, now: Date) async throws -> Int? {
        let row = try await read { db in
            try await db.raw("SELECT started_at, attempts FROM attempt_windows WHERE key_hash = \(bind: keyHash)").first()
        }
        guard let row else { return nil }
        return Self.retryAfter(start: try row.int64("started_at"), attempts: try row.int64("attempts") + 1, over: limit, window: window, now: now)
    }

    /// Forgets windows over a day old.
    @discardableResult
    public func purgeAttemptWindows(now: Date) async throws -> Int {
        try await write { tx in
            try await tx.db.raw("DELETE FROM attempt_windows WHERE started_at < \(bind: now.storeMillis - 86_400_000) RETURNING key_hash").all().count
        }
    }

    private static func retryAfter(start: Int64, attempts: Int64, over limit: Int, window: TimeInterval, now: Date) -> Int? {
        let left = window - now.timeIntervalSince(Date(storeMillis: start))
        guard attempts > Int64(limit), left > 0 else { return nil }
        return max(1, Int(left.rounded(.up)))
    }
}
