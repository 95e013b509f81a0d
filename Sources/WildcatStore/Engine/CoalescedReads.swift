import NIOConcurrencyHelpers

/// One read shared by the callers who need it at the same moment, each needing a value read after
/// its own call began (a proposal's ballot count after the caller's commit). While a read of a
/// key runs, those who ask for that key wait for the next one, which the first of them runs
/// for all: a writer's batch of ballots costs two count reads, not one each.
final class CoalescedReads<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Turn: Sendable {
        case lead
        case value(Value)
        case failure(any Error)
    }

    private struct Round {
        /// Waiting for the read now running (they asked before it began).
        var followers: [CheckedContinuation<Turn, Never>] = []
        /// Asked while it ran: the next read is theirs.
        var queued: [CheckedContinuation<Turn, Never>] = []
    }

    /// Keys with a read running; a key is absent when nobody reads it.
    private let rounds = NIOLockedValueBox([Key: Round]())

    init() {}

    /// How many callers of `key` wait for a read (for tests).
    func waiting(for key: Key) -> Int {
        rounds.withLockedValue { rounds in rounds[key].map { $0.followers.count + $0.queued.count } ?? 0 }
    }

    func value(for key: Key, read: @Sendable () async throws -> Value) async throws -> Value {
        let leads = rounds.withLockedValue { rounds -> Bool in
            if rounds[key] != nil { return false }
            rounds[key] = Round()
            return true
        }
        let turn: Turn = leads ? .lead : await withCheckedContinuation { waiter in
            rounds.withLockedValue { rounds in
                // The read may have ended between the two locks: then this caller leads.
                if rounds[key] == nil {
                    rounds[key] = Round()
                    waiter.resume(returning: .lead)
                } else {
                    rounds[key]!.queued.append(waiter)
                }
            }
        }
        switch turn {
        case .value(let value): return value
        case .failure(let error): throw error
        case .lead: break
        }
        let outcome: Result<Value, any Error>
        do { outcome = .success(try await read()) } catch { outcome = .failure(error) }
        let (followers, next) = rounds.withLockedValue { rounds -> ([CheckedContinuation<Turn, Never>], CheckedContinuation<Turn, Never>?) in
            let round = rounds[key]!
            guard let first = round.queued.first else {
                rounds[key] = nil
                return (round.followers, nil)
            }
            rounds[key] = Round(followers: Array(round.queued.dropFirst()), queued: [])
            return (round.followers, first)
        }
        let shared: Turn
        switch outcome {
        case .success(let value): shared = .value(value)
        case .failure(let error): shared = .failure(error)
        }
        for follower in followers { follower.resume(returning: shared) }
        next?.resume(returning: .lead)
        return try outcome.get()
    }
}
