import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore

/// Where the data lives; shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder for the embedded SQLite database.", valueName: "path"))
    var data: String = ProcessInfo.processInfo.environment["WILDCAT_DATA"] ?? "data"

    @Option(name: .long, help: ArgumentHelp("Use PostgreSQL instead of SQLite: postgres://user:password@host:port/database[?sslmode=require]. Also read from WILDCAT_DATABASE_URL.", valueName: "url"))
    var databaseURL: String? = ProcessInfo.processInfo.environment["WILDCAT_DATABASE_URL"]

    func location() throws -> DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty {
            do { return try DatabaseLocation.postgres(url: databaseURL) } catch {
                throw ValidationError("--database-url: \(error)")
            }
        }
        return .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("wildcat.sqlite").path)
    }

    /// Opens the store, runs it and brings its schema up to date while `body` runs, then shuts
    /// it down (finishing its writes).
    func withStore<T>(logger: Logger, migrate: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
        let location = try location()
        return try await Store.withRunning(location, logger: logger) { store in
            if migrate {
                let applied = try await store.migrate(now: WallClock.system.now())
                if !applied.isEmpty { logger.info("migrated", metadata: ["database": "\(location)", "applied": "\(applied)"]) }
            }
            return try await body(store)
        }
    }
}

/// Logging options and bootstrap.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "wildcat")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
