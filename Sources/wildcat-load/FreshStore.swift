import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatUnicode

/// What every seeding command starts with: a fresh database (the server stopped), migrated, and
/// its first account, whose passphrase nobody knows.
enum FreshStore {
    static let unusableHash = "$2b$04$abcdefghijklmnopqrstuu5Ss0JjqhBM1Jk0IsrxdS0pVjaRaxiCy"

    /// Runs `body` with the store at `data` (SQLite) or `databaseURL`, and its first account.
    static func seed<T: Sendable>(data: String, databaseURL: String?, pseudonym: String,
                                  _ body: @Sendable (Store, Account, Date) async throws -> T) async throws -> T {
        var logger = Logger(label: "wildcat-load")
        logger.logLevel = .warning
        let location: DatabaseLocation = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("wildcat.sqlite").path)
        return try await Store.withRunning(location, logger: logger) { store in
            let now = Date()
            try await store.migrate(now: now)
            guard let first = try await store.firstPersonInvite(now: now, validFor: 3600) else {
                throw ValidationError("The database already has accounts: seed a fresh one.")
            }
            let account = try await store.createAccount(inviteTokenHash: first.hash, pseudonym: try DistinctPseudonym(try Pseudonym(pseudonym), spoofing: ICUSpoofing()),
                                                        passphraseHash: unusableHash, now: now).0
            return try await body(store, account, now)
        }
    }
}
