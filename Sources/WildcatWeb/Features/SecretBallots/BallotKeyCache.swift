import NIOConcurrencyHelpers
import WildcatDomain

/// Secret proposals' keys as parsed once: a private key costs more to read from its DER than to
/// use. It holds keys only (nothing of who took a token or cast what), and forgets a proposal's
/// private half when told it closed.
final class BallotKeyCache: Sendable {
    private let keys = NIOLockedValueBox<[ID<Proposal>: (BallotPublicKey, BallotKey?)]>([:])

    func get(_ proposal: ID<Proposal>) -> (BallotPublicKey, BallotKey?)? { keys.withLockedValue { $0[proposal] } }

    /// The proposal closed: its private key is gone from the store, and from here.
    func closed(_ proposal: ID<Proposal>) {
        keys.withLockedValue { cache in
            if let (publicKey, _) = cache[proposal] { cache[proposal] = (publicKey, nil) }
        }
    }

    func set(_ proposal: ID<Proposal>, _ key: (BallotPublicKey, BallotKey?)) {
        keys.withLockedValue { cache in
            // A few hundred open secret votes at most; past that, start again rather than grow.
            if cache.count > 1000 { cache.removeAll() }
            cache[proposal] = key
        }
    }
}
