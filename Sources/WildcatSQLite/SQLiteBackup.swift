internal import CSQLite
import Foundation

/// Online copies of a SQLite database through SQLite's backup API, for `wildcat backup` and
/// `wildcat restore`.
public enum SQLiteBackup {
    /// Copies `source` into a new file at `destination`, page by page, while others go on writing
    /// to the source: the copy is the database as it was when the copy began (one read
    /// transaction is held throughout, so WAL writers are never blocked and never restart it).
    /// Calls `progress(copied, total)` pages as it goes.
    public static func copy(from source: String, to destination: String, progress: (Int, Int) -> Void) throws {
        let from = try SQLiteDirectConnection(path: source, readOnly: true)
        defer { from.close() }
        let to = try SQLiteDirectConnection(path: destination, readOnly: false)
        defer { to.close() }
        try from.run("PRAGMA busy_timeout = 10000", binds: []) { _, _ in }
        try from.run("BEGIN", binds: []) { _, _ in }
        // Reading a row starts the snapshot now, before the first page is copied.
        try from.run("SELECT count(*) FROM sqlite_master", binds: []) { _, _ in }
        defer { try? from.run("COMMIT", binds: []) { _, _ in } }
        try from.withHandle { fromHandle in
            try to.withHandle { toHandle in
                guard let backup = sqlite3_backup_init(toHandle, "main", fromHandle, "main") else {
                    throw SQLiteFailure(code: sqlite3_errcode(toHandle), message: String(cString: sqlite3_errmsg(toHandle)))
                }
                var status: Int32
                repeat {
                    status = sqlite3_backup_step(backup, 256)
                    let total = Int(sqlite3_backup_pagecount(backup))
                    progress(total - Int(sqlite3_backup_remaining(backup)), total)
                    if status == SQLITE_BUSY || status == SQLITE_LOCKED { usleep(20_000) }
                } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
                let finished = sqlite3_backup_finish(backup)
                guard status == SQLITE_DONE, finished == SQLITE_OK else {
                    throw SQLiteFailure(code: status == SQLITE_DONE ? finished : status, message: String(cString: sqlite3_errmsg(toHandle)))
                }
            }
        }
        // A copy is a single file: no log beside it.
        try to.run("PRAGMA journal_mode = DELETE", binds: []) { _, _ in }
    }

    /// Checks every page and index of the database at `path`; returns SQLite's complaints
    /// (empty when it is sound).
    public static func problems(in path: String) throws -> [String] {
        let connection = try SQLiteDirectConnection(path: path, readOnly: true)
        defer { connection.close() }
        var problems: [String] = []
        try connection.run("PRAGMA integrity_check", binds: []) { _, row in
            if case .text(let text) = row.first, text != "ok" { problems.append(text) }
        }
        return problems
    }
}

/// An advisory lock on a database file, beside SQLite's own: every process using the database
/// holds it shared; `wildcat restore` needs it alone, so it never replaces a file in use.
public final class SQLiteFileLock: @unchecked Sendable {
    private var descriptor: Int32

    /// Takes the lock now, or throws `SQLiteFileLock.Busy` when another process holds it in a
    /// way that excludes this one.
    public init(path: String, exclusive: Bool) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SQLiteFailure(code: SQLITE_CANTOPEN, message: "cannot open \(path) to lock it: \(String(cString: strerror(errno)))") }
        guard flock(descriptor, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(descriptor)
            descriptor = -1
            throw Busy()
        }
    }

    deinit { release() }

    public func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    public struct Busy: Error {}
}
