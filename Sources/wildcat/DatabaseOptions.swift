import ArgumentParser
import Foundation
import Logging
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

    /// Opens the store, optionally brings its schema up to date, runs `body`, and always closes it.
    func withStore<T>(logger: Logger, migrate: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
        let location = try location()
        let store = try await Store.open(location, logger: logger)
        do {
            if migrate {
                let applied = try await store.migrate()
                if !applied.isEmpty { logger.info("migrated", metadata: ["database": "\(location)", "applied": "\(applied)"]) }
            }
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
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
