import ArgumentParser
import Foundation
import WildcatStore

/// `wildcat restore FILE`: puts a backup in the database's place.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup made by `wildcat backup`. Stop the server first.",
        discussion: """
            SQLite: the backup is checked, then copied into place; the database it replaces is \
            kept beside it (wildcat.sqlite.before-restore-TIME), never deleted. Refused while a \
            server or another command has the database open. \
            PostgreSQL: the backup's tables replace the database's in one transaction (all or \
            nothing). Stop every node first: what they wrote after the backup is not kept.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The backup to restore.", valueName: "file"))
    var file: String

    @Flag(help: "Confirm that the database's present contents are to be replaced.")
    var replace = false

    func run() async throws {
        var bar = ProgressBar("Restoring")
        do {
            switch try database.location() {
            case .sqlite(let path):
                if FileManager.default.fileExists(atPath: path) && !replace {
                    throw CommandFailure("\(path) holds a database: give --replace to put the backup in its place (it is kept beside it)")
                }
                let (version, aside) = try SQLiteBackups.restore(from: file, to: path) { bar.show($0, of: $1) }
                bar.finish()
                print("Restored \(file) to \(path) (schema version \(version)).")
                if let aside { print("The database it replaced is kept as \(aside).") }
            case .postgres(let address):
                guard replace else {
                    throw CommandFailure("restoring replaces every table of \(address.database): stop every node, then give --replace")
                }
                try PostgresBackups.restore(address, from: file) { bar.show($0, of: $1) }
                bar.finish()
                print("Restored \(file) to \(address.database) on \(address.host).")
            }
        } catch let failure as BackupFailure {
            bar.finish()
            throw CommandFailure(failure.description)
        }
    }
}
