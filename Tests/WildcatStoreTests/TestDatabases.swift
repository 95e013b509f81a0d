import Foundation
import Logging
import SQLKit
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

/// Opens a fresh, migrated, empty store on `backend`, runs `body`, then throws it away.
func withStore<T>(_ backend: Backend, _ body: (Store) async throws -> T) async throws -> T {
    var logger = Logger(label: "wildcat.test")
    logger.logLevel = .error
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Store.open(.sqlite(path: directory.appendingPathComponent("wildcat.sqlite").path), logger: logger)
        try await store.migrate()
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    case .postgres:
        guard let url = ProcessInfo.processInfo.environment["WILDCAT_TEST_POSTGRES_URL"] else {
            Issue.record("WILDCAT_TEST_POSTGRES_URL is not set but PostgreSQL tests are required")
            throw CancellationError()
        }
        let address = try PostgresAddress(url: url)
        let name = "wc_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try await Store.open(.postgres(address), logger: logger)
        try await admin.engine.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        let store = try await Store.open(.postgres(address.with(database: name)), logger: logger)
        func cleanUp() async {
            await store.close()
            try? await admin.engine.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
            await admin.close()
        }
        do {
            try await store.migrate()
            let result = try await body(store)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }
}
