import Foundation
import SQLKit
import WildcatDomain

/// A line of an action's status board.
public struct StatusLine: Sendable {
    public let text: String
    public let author: String?
    public let at: Date
}

/// An action's task with its taker's pseudonym.
public struct TaskSeen: Sendable {
    public let task: ActionTask
    public let takerName: String?
}

extension Store {
    public func addTask(_ text: String, to action: ID<Action>, now: Date) async throws {
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO action_tasks (id, action_id, text, created_at)
                VALUES (\(bind: RandomText.identifier()), \(bind: action.rawValue), \(bind: text), \(bind: now.storeMillis))
                """).run()
            try await tx.boardChanged(action, now: now)
        }
    }

    /// Takes a task nobody holds, or marks one the member holds done.
    public func takeTask(_ id: ID<ActionTask>, of action: ID<Action>, by member: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE action_tasks SET taken_by = \(bind: member.rawValue)
                WHERE id = \(bind: id.rawValue) AND action_id = \(bind: action.rawValue) AND taken_by IS NULL RETURNING id
                """).first() != nil else { throw InputError(field: "task", "Someone already took this task.") }
            try await tx.boardChanged(action, now: now)
        }
    }

    public func finishTask(_ id: ID<ActionTask>, of action: ID<Action>, by member: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard try await tx.db.raw("""
                UPDATE action_tasks SET done = 1
                WHERE id = \(bind: id.rawValue) AND action_id = \(bind: action.rawValue) AND taken_by = \(bind: member.rawValue) RETURNING id
                """).first() != nil else { throw InputError(field: "task", "Only whoever took a task marks it done.") }
            try await tx.boardChanged(action, now: now)
        }
    }

    public func tasks(of action: ID<Action>) async throws -> [TaskSeen] {
        try await read { db in
            try await db.raw("""
                SELECT t.id, t.text, t.taken_by, t.done, a.pseudonym FROM action_tasks t LEFT JOIN accounts a ON a.id = t.taken_by
                WHERE t.action_id = \(bind: action.rawValue) ORDER BY t.created_at, t.id
                """).all().map {
                    TaskSeen(task: ActionTask(id: ID(try $0.string("id")), text: try $0.string("text"), takenBy: try $0.optionalString("taken_by").map(ID.init),
                                              done: try $0.flag("done")), takerName: try $0.optionalString("pseudonym"))
                }
        }
    }

    public func postStatus(_ text: String, on action: ID<Action>, by member: ID<Account>, now: Date) async throws {
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO action_notes (action_id, account_id, text, at) VALUES (\(bind: action.rawValue), \(bind: member.rawValue), \(bind: text), \(bind: now.storeMillis))
                """).run()
            try await tx.boardChanged(action, now: now)
        }
    }

    /// The board, newest first.
    public func statusBoard(of action: ID<Action>, limit: Int = 50) async throws -> [StatusLine] {
        try await read { db in
            try await db.raw("""
                SELECT n.text, n.at, a.pseudonym FROM action_notes n LEFT JOIN accounts a ON a.id = n.account_id
                WHERE n.action_id = \(bind: action.rawValue) ORDER BY n.at DESC, n.id DESC LIMIT \(bind: limit)
                """).all().map { StatusLine(text: try $0.string("text"), author: try $0.optionalString("pseudonym"), at: try $0.date("at")) }
        }
    }

    /// "I am here": once per member; the count and names are for members.
    public func checkIn(to action: ID<Action>, by member: ID<Account>, now: Date) async throws {
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO action_checkins (action_id, account_id, at) VALUES (\(bind: action.rawValue), \(bind: member.rawValue), \(bind: now.storeMillis))
                ON CONFLICT (action_id, account_id) DO NOTHING
                """).run()
            try await tx.boardChanged(action, now: now)
        }
    }

    public func checkIns(of action: ID<Action>) async throws -> [String] {
        try await read { db in
            try await db.raw("""
                SELECT a.pseudonym FROM action_checkins c JOIN accounts a ON a.id = c.account_id WHERE c.action_id = \(bind: action.rawValue) ORDER BY c.at
                """).all().map { try $0.string("pseudonym") }
        }
    }
}

extension Transaction {
    /// Open pages of the action refresh its board, rota, tasks and supporters.
    func boardChanged(_ action: ID<Action>, now: Date) async throws {
        guard let row = try await db.raw("SELECT assembly_id FROM actions WHERE id = \(bind: action.rawValue)").first() else { return }
        try await record(.actionBoard(action), in: ID(try row.string("assembly_id")), now: now)
    }
}
