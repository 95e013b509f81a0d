import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Deletes, for real, messages older than each assembly's retention rule, and live records
    /// older than `eventsKeptFor`. Returns how many messages went.
    @discardableResult
    public func purgeExpiredMessages(now: Date, eventsKeptFor: TimeInterval = 86400) async throws -> Int {
        let assemblies = try await read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.assemblyColumns) FROM assemblies a").all().map(self.assembly)
        }
        var purged = 0
        for assembly in assemblies {
            let cutoff = Retention.cutoff(now: now, rules: assembly.rules).storeMillis
            purged += try await write { tx in
                // Replies in an expired thread go with its first message (ON DELETE CASCADE).
                let ids = try await tx.db.raw("""
                    SELECT id FROM messages WHERE assembly_id = \(bind: assembly.id.rawValue) AND created_at < \(bind: cutoff) LIMIT 5000
                    """).all().map { try $0.int64("id") }
                guard !ids.isEmpty else { return 0 }
                for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                    let list = SQLList(chunk.map { SQLBind($0) })
                    try await tx.db.raw("DELETE FROM events WHERE message_id IN (\(list)) OR message_id IN (SELECT id FROM messages WHERE thread_root_id IN (\(list)))").run()
                    try await tx.db.raw("DELETE FROM messages WHERE id IN (\(list))").run()
                }
                return ids.count
            }
            // Direct messages of the assembly's conversations follow the same rule.
            purged += try await write { tx in
                let expired = try await tx.db.raw("""
                    SELECT x.public_id FROM direct_messages x JOIN direct_conversations d ON d.id = x.conversation_id
                    WHERE d.assembly_id = \(bind: assembly.id.rawValue) AND x.created_at < \(bind: cutoff) LIMIT 5000
                    """).all().map { try $0.string("public_id") }
                try await tx.eraseDirect(publicIDs: expired)
                return expired.count
            }
        }
        let eventCutoff = now.addingTimeInterval(-eventsKeptFor).storeMillis
        try await write { tx in
            try await tx.db.raw("DELETE FROM events WHERE created_at < \(bind: eventCutoff)").run()
            try await tx.db.raw("DELETE FROM revocations WHERE created_at < \(bind: eventCutoff)").run()
        }
        return purged
    }
}
