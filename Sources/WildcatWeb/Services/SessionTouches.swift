import Foundation
import Logging
import NIOConcurrencyHelpers
import WildcatDomain
import WildcatStore

/// Sessions seen in use, written to the database every second in one transaction (by a
/// `PeriodicService`, and once more at shutdown). Only the "last used" time and the idle expiry
/// wait; losing them in a crash costs nothing important.
final class SessionTouches: Sendable {
    private let pending = NIOLockedValueBox<[ID<Session>: (Date, Date)]>([:])
    let store: Store
    let logger: Logger

    init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func note(_ id: ID<Session>, lastSeen: Date, expiresAt: Date) {
        pending.withLockedValue { $0[id] = (lastSeen, expiresAt) }
    }

    func flush() async {
        let batch = pending.withLockedValue { pending in
            defer { pending = [:] }
            return pending
        }
        do {
            try await store.touchSessions(batch.map { (id: $0.key, lastSeen: $0.value.0, expiresAt: $0.value.1) })
        } catch {
            logger.warning("could not record session activity", metadata: ["error": "\(error)"])
        }
    }
}
