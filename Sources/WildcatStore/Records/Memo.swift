import NIOConcurrencyHelpers

/// A small thread-safe memory of values that never go stale for their key (a draft by its
/// proposal, rules by their stored text). Emptied whole when full: cheap, and enough to keep
/// memory bounded.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox<[Key: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 1000) { self.capacity = capacity }

    subscript(key: Key) -> Value? { entries.withLockedValue { $0[key] } }

    func remember(_ value: Value, for key: Key) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = value
        }
    }
}
