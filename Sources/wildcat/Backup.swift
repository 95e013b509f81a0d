import ArgumentParser
import Foundation
import Logging
import WildcatStore

/// `wildcat backup FILE`: a consistent copy of the database, taken while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a file, while the server runs.",
        discussion: """
            SQLite: a copy of the database as it was when the backup began, checked page by page \
            before it is given its name; a SQLite file that `wildcat restore` (or `sqlite3`) opens. \
            PostgreSQL: pg_dump's custom format, read by `wildcat restore` (or pg_restore). \
            The file holds everything, sessions and secrets included: keep it as safe as the server.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LogOptions

    @Argument(help: ArgumentHelp("The file to write.", valueName: "file"))
    var file: String

    @Flag(help: "Replace the file if it exists.")
    var overwrite = false

    func run() async throws {
        guard overwrite || !FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure("\(file) exists: choose another name, or give --overwrite")
        }
        var bar = ProgressBar("Backing up")
        switch try database.location() {
        case .sqlite(let path):
            do {
                let version = try SQLiteBackups.backUp(database: path, to: file) { bar.show($0, of: $1) }
                bar.finish()
                print("Backed up \(path) to \(file) (\(Self.size(of: file)), schema version \(version)).")
            } catch let failure as BackupFailure {
                bar.finish()
                throw CommandFailure(failure.description)
            }
        case .postgres(let address):
            let logger = logging.bootstrap()
            let tables = try await database.withStore(logger: logger, migrate: false) { try await $0.tableCount() }
            do {
                try PostgresBackups.backUp(address, to: file, tables: tables) { bar.show($0, of: $1) }
                bar.finish()
                print("Backed up \(address.database) on \(address.host) to \(file) (\(Self.size(of: file))).")
            } catch let failure as BackupFailure {
                bar.finish()
                throw CommandFailure(failure.description)
            }
        }
    }

    static func size(of file: String) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}
