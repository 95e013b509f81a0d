import Foundation
import Logging
import SQLKit
import WildcatDomain
import Testing
@testable import WildcatStore

/// The databases every store test runs against. PostgreSQL comes from WILDCAT_TEST_POSTGRES_URL
/// (scripts/test starts a private cluster and sets it). When WILDCAT_REQUIRE_POSTGRES=1, as in
/// CI, a missing URL fails the run instead of quietly testing SQLite alone.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var available: [Backend] {
        let env = ProcessInfo.processInfo.environment
        if env["WILDCAT_TEST_POSTGRES_URL"] != nil || env["WILDCAT_REQUIRE_POSTGRES"] == "1" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

/// The time the tests' stores are migrated at.
let migratedAt = Date(timeIntervalSince1970: 1_800_000_000)

/// Opens a fresh, migrated, empty store on `backend`, runs it while `body` runs, then throws it away.
func withStore<T>(_ backend: Backend, migrate: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
    var logger = Logger(label: "wildcat.test")
    logger.logLevel = .error
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await Store.withRunning(.sqlite(path: directory.appendingPathComponent("wildcat.sqlite").path), logger: logger) { store in
            if migrate { try await store.migrate(now: migratedAt) }
            return try await body(store)
        }
    case .postgres:
        guard let url = ProcessInfo.processInfo.environment["WILDCAT_TEST_POSTGRES_URL"] else {
            Issue.record("WILDCAT_TEST_POSTGRES_URL is not set but PostgreSQL tests are required")
            throw CancellationError()
        }
        let address = try PostgresAddress(url: url)
        let name = "wc_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        return try await Store.withRunning(.postgres(address), logger: logger) { admin in
            try await admin.engine.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            do {
                let result = try await Store.withRunning(.postgres(address.with(database: name)), logger: logger) { store in
                    if migrate { try await store.migrate(now: migratedAt) }
                    return try await body(store)
                }
                try? await admin.engine.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                return result
            } catch {
                try? await admin.engine.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                throw error
            }
        }
    }
}

/// Lookalike checks for store tests: a name's folded form is its skeleton (ICU's own checks
/// have their tests in WildcatUnicodeTests).
struct PlainSpoofing: NameSpoofing {
    func skeleton(_ text: String) -> String? { text }
    func mixesScripts(_ text: String) -> Bool { false }
}

/// A pseudonym as sign-up clears it.
func name(_ raw: String) throws -> DistinctPseudonym {
    try DistinctPseudonym(try Pseudonym(raw), spoofing: PlainSpoofing())
}

/// A new account: the first person on an empty server, or a member of `assembly` by an operator's invite.
func newAccount(_ store: Store, _ pseudonym: String, into assembly: ID<Assembly>? = nil) async throws -> Account {
    let token: SecretToken
    if let assembly {
        token = try await store.createInvite(assemblyID: assembly, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: migratedAt + 3600), now: migratedAt).1
    } else {
        token = try #require(try await store.firstPersonInvite(now: migratedAt, validFor: 3600))
    }
    return try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name(pseudonym), passphraseHash: "x", now: migratedAt).0
}
