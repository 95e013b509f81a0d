import NIOConcurrencyHelpers

/// Whether this node runs the background work (closing proposals, retention, the alert outbox):
/// on PostgreSQL, exactly one node of those sharing it holds an advisory lock; on SQLite there is
/// one node. A node that dies loses the lock with its connection, and another takes it within
/// `PostgresEngine.leaderRetry`. The work itself stays safe if two nodes overlap for a moment
/// (a proposal closes once, by a conditional update).
public final class Leadership: Sendable {
    private let held: NIOLockedValueBox<Bool>

    init(held: Bool) { self.held = NIOLockedValueBox(held) }

    public var isLeader: Bool { held.withLockedValue { $0 } }

    /// Returns whether it changed.
    @discardableResult
    func set(_ value: Bool) -> Bool {
        held.withLockedValue { held in
            defer { held = value }
            return held != value
        }
    }
}
