import ArgumentParser
import Logging
import WildcatDomain
import WildcatStore

/// `wildcat migrate`: brings the database schema up to date and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema, then exit.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LogOptions

    func run() async throws {
        let logger = logging.bootstrap()
        try await database.withStore(logger: logger, migrate: false) { store in
            let applied = try await store.migrate(now: WallClock.system.now())
            let version = try await store.schemaVersion()
            print(applied.isEmpty ? "Schema is up to date (version \(version))." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version).")
        }
    }
}
