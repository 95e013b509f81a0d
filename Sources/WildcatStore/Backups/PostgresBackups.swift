import Foundation

/// `wildcat backup` and `wildcat restore` for PostgreSQL, through its own tools (`pg_dump`'s
/// custom format, `pg_restore`), run with the address in their environment, never on their
/// command line (where other users of the machine could read the password).
public enum PostgresBackups {
    /// Dumps the database to `file` (through a `.partial` file, renamed once whole). `tables`
    /// is how many tables to expect, for the progress.
    public static func backUp(_ address: PostgresAddress, to file: String, tables: Int, progress: (Int, Int) -> Void) throws {
        let partial = file + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--verbose", "--file=\(partial)"], address,
                    counting: "dumping contents of table", of: tables, progress: progress)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            try FileManager.default.moveItem(atPath: partial, toPath: file)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Replaces the database's tables with the dump's, in one transaction: all of it or, on any
    /// error, nothing.
    public static func restore(_ address: PostgresAddress, from file: String, progress: (Int, Int) -> Void) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw BackupFailure("there is no file \(file)") }
        let listing = try capture("pg_restore", ["--list", file], address)
        let tables = listing.split(separator: "\n").filter { $0.contains(" TABLE DATA ") }.count
        guard listing.contains("wildcat_migrations") else { throw BackupFailure("\(file) is not a backup of a Wildcat database") }
        try run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--verbose",
                               "--dbname=\(address.database)", file], address,
                counting: "processing data for table", of: tables, progress: progress)
    }

    private static func environment(_ address: PostgresAddress) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = address.host
        environment["PGPORT"] = String(address.port)
        environment["PGUSER"] = address.username
        environment["PGDATABASE"] = address.database
        environment["PGPASSWORD"] = address.password
        environment["PGSSLMODE"] = address.requireTLS ? "require" : "prefer"
        return environment
    }

    private static func process(_ tool: String, _ arguments: [String], _ address: PostgresAddress) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = environment(address)
        return process
    }

    /// Runs the tool, counting the lines of its verbose output that start a table.
    private static func run(_ tool: String, _ arguments: [String], _ address: PostgresAddress, counting marker: String, of total: Int,
                            progress: (Int, Int) -> Void) throws {
        let process = process(tool, arguments, address)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw BackupFailure("cannot run \(tool) (Debian's postgresql-client package): \(error)")
        }
        var done = 0, kept: [String] = [], pending = Data()
        progress(0, max(total, 1))
        while true {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if line.contains(marker) {
                    done += 1
                    progress(min(done, total), max(total, done, 1))
                } else if !line.contains(": ") || line.contains("error") || line.contains("warning") {
                    kept.append(line)
                }
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupFailure("\(tool) failed (exit \(process.terminationStatus)): \(kept.suffix(5).joined(separator: " / "))")
        }
        progress(max(total, done, 1), max(total, done, 1))
    }

    private static func capture(_ tool: String, _ arguments: [String], _ address: PostgresAddress) throws -> String {
        let process = process(tool, arguments, address)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw BackupFailure("cannot run \(tool) (Debian's postgresql-client package): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BackupFailure("\(tool) could not read it: \(problem.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return text
    }
}
