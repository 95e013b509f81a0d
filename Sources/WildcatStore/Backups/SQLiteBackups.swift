import Foundation
import WildcatSQLite

/// Why a backup or a restore could not be done, in words for the operator.
public struct BackupFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// `wildcat backup` and `wildcat restore` for the embedded SQLite database.
public enum SQLiteBackups {
    /// Writes a consistent copy of the database to `file` (through a `.partial` file, renamed
    /// once it is whole and checked), while the server goes on writing. Returns its schema version.
    public static func backUp(database: String, to file: String, progress: (Int, Int) -> Void) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { throw BackupFailure("there is no database at \(database)") }
        let partial = file + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try SQLiteBackup.copy(from: database, to: partial, progress: progress)
            let version = try check(partial)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            try FileManager.default.moveItem(atPath: partial, toPath: file)
            return version
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Replaces the database with the backup in `file`. The database in place, if any, is kept
    /// beside it (returned), never deleted; it must not be in use (stop the server first).
    public static func restore(from file: String, to database: String, progress: (Int, Int) -> Void) throws -> (version: Int, keptAside: String?) {
        guard FileManager.default.fileExists(atPath: file) else { throw BackupFailure("there is no file \(file)") }
        let version = try check(file)
        let directory = (database as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let partial = database + ".restoring"
        try? FileManager.default.removeItem(atPath: partial)
        try SQLiteBackup.copy(from: file, to: partial, progress: progress)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
        var keptAside: String?
        if FileManager.default.fileExists(atPath: database) {
            let lock: SQLiteFileLock
            do { lock = try SQLiteFileLock(path: database, exclusive: true) } catch is SQLiteFileLock.Busy {
                try? FileManager.default.removeItem(atPath: partial)
                throw BackupFailure("\(database) is in use by a running server or command: stop it first")
            }
            defer { lock.release() }
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let aside = database + ".before-restore-" + stamp
            // The file with its log: a database stopped by a crash keeps recent writes there.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
                try FileManager.default.moveItem(atPath: database + suffix, toPath: aside + suffix)
            }
            keptAside = aside
        }
        try FileManager.default.moveItem(atPath: partial, toPath: database)
        return (version, keptAside)
    }

    /// Refuses a file that is not a sound Wildcat database this version can open.
    static func check(_ file: String) throws -> Int {
        let problems: [String]
        do { problems = try SQLiteBackup.problems(in: file) } catch {
            throw BackupFailure("\(file) is not a SQLite database (\(error))")
        }
        guard problems.isEmpty else { throw BackupFailure("\(file) is damaged: \(problems.prefix(3).joined(separator: "; "))") }
        let connection = try SQLiteDirectConnection(path: file, readOnly: true)
        defer { connection.close() }
        var version: Int?
        do {
            try connection.run("SELECT MAX(id) FROM wildcat_migrations", binds: []) { _, row in
                if case .integer(let n) = row.first { version = Int(n) }
            }
        } catch {
            throw BackupFailure("\(file) is not a Wildcat database")
        }
        guard let version else { throw BackupFailure("\(file) is not a Wildcat database") }
        guard version <= Migrations.latest else {
            throw BackupFailure("\(file) was made by a newer Wildcat (schema \(version); this one knows \(Migrations.latest)): upgrade Wildcat first")
        }
        return version
    }
}
