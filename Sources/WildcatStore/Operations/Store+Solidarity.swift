import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Where the assembly can send a call named by this id: a council it is a member of, or
    /// another assembly (not a committee, not itself).
    public func callTarget(_ id: String, for assemblyID: ID<Assembly>) async throws -> CallTarget? {
        guard id.count <= 64, id != assemblyID.rawValue else { return nil }
        return try await read { db in
            guard let row = try await db.raw("""
                SELECT a.id, a.name, a.kind FROM assemblies a WHERE a.id = \(bind: id)
                  AND (a.kind = 'assembly' OR (a.kind = 'council' AND EXISTS (
                       SELECT 1 FROM council_members cm WHERE cm.council_id = a.id AND cm.member_id = \(bind: assemblyID.rawValue))))
                """).first() else { return nil }
            return CallTarget(id: ID(try row.string("id")), name: try row.string("name"), isCouncil: try row.string("kind") == "council")
        }
    }

    /// The calls the assembly sent or received, newest first, each with every answer: what every
    /// assembly involved sees. With `through`, the calls sent through that council.
    public func solidarityCalls(involving assemblyID: ID<Assembly>? = nil, through council: ID<Assembly>? = nil, limit: Int = 50) async throws -> [SolidarityCall] {
        try await read { db in
            let filter: SQLQueryString = council.map { "c.council_id = \(bind: $0.rawValue)" }
                ?? "(c.from_id = \(bind: assemblyID?.rawValue ?? "") OR EXISTS (SELECT 1 FROM solidarity_replies r WHERE r.call_id = c.id AND r.assembly_id = \(bind: assemblyID?.rawValue ?? "")))"
            let calls = try await db.raw("""
                SELECT c.id, c.from_id, f.name AS from_name, c.council_id, k.name AS council_name, c.request, c.sent_at
                FROM solidarity_calls c JOIN assemblies f ON f.id = c.from_id LEFT JOIN assemblies k ON k.id = c.council_id
                WHERE \(filter) ORDER BY c.sent_at DESC, c.id LIMIT \(bind: limit)
                """).all()
            guard !calls.isEmpty else { return [] }
            let ids = try calls.map { SQLBind(try $0.string("id")) }
            let replies = try await db.raw("""
                SELECT r.call_id, r.assembly_id, a.name, r.vote_proposal, r.answer, r.answered_at
                FROM solidarity_replies r JOIN assemblies a ON a.id = r.assembly_id
                WHERE r.call_id IN (\(SQLList(ids))) ORDER BY a.name, a.id
                """).all()
            return try calls.map { row in
                let id = try row.string("id")
                return SolidarityCall(
                    id: ID(id), from: ID(try row.string("from_id")), fromName: try row.string("from_name"),
                    council: try row.optionalString("council_id").map(ID.init), councilName: try row.optionalString("council_name"),
                    request: try StoredJSON.decode(CallRequest.self, try row.string("request")), sentAt: try row.date("sent_at"),
                    replies: try replies.filter { try $0.string("call_id") == id }.map { reply in
                        SolidarityCall.Reply(assembly: ID(try reply.string("assembly_id")), name: try reply.string("name"),
                                             vote: ID(try reply.string("vote_proposal")),
                                             answer: try reply.optionalString("answer").flatMap(SolidarityCall.Answer.init(rawValue:)),
                                             answeredAt: try reply.optionalDate("answered_at"))
                    })
            }
        }
    }
}

extension Transaction {
    /// The call goes out: to every other assembly of the council, or to the one assembly named;
    /// each gets a vote on its answer, opened by the platform.
    func sendCall(from sender: ID<Assembly>, to target: ID<Assembly>, _ request: CallRequest, proposal: ID<Proposal>, now: Date) async throws {
        guard let targetRow = try await db.raw("SELECT kind FROM assemblies WHERE id = \(bind: target.rawValue)").first(),
              let senderName = try await db.raw("SELECT name FROM assemblies WHERE id = \(bind: sender.rawValue)").first()?.string("name") else { return }
        let isCouncil = try targetRow.string("kind") == "council"
        let receiving: SQLQueryString = isCouncil
            ? "a.id IN (SELECT member_id FROM council_members WHERE council_id = \(bind: target.rawValue))"
            : "a.id = \(bind: target.rawValue)"
        let receivers = try await db.raw("""
            SELECT \(unsafeRaw: Store.assemblyColumns) FROM assemblies a WHERE \(receiving) AND a.id <> \(bind: sender.rawValue) ORDER BY a.id
            """).all()
        let id = ID<SolidarityCall>(RandomText.identifier())
        try await db.raw("""
            INSERT INTO solidarity_calls (id, from_id, council_id, request, proposal_id, sent_at)
            VALUES (\(bind: id.rawValue), \(bind: sender.rawValue), \(bind: isCouncil ? target.rawValue : nil), \(bind: try StoredJSON.encode(request)),
                    \(bind: proposal.rawValue), \(bind: now.storeMillis))
            """).run()
        for row in receivers {
            let assembly = try Store.assembly(row, rules: try StoredJSON.decode(AssemblyRules.self, try row.string("rules")))
            let vote = try await insertProposal(Answering.vote(on: id, from: senderName, request: request, rules: assembly.rules, now: now),
                                                in: assembly, by: nil, now: now)
            try await db.raw("""
                INSERT INTO solidarity_replies (call_id, assembly_id, vote_proposal) VALUES (\(bind: id.rawValue), \(bind: assembly.id.rawValue), \(bind: vote.id.rawValue))
                """).run()
        }
    }

    /// A receiving assembly's decided answer (nil: it decided none).
    func answerCall(_ call: ID<SolidarityCall>, by assembly: ID<Assembly>, _ answer: SolidarityCall.Answer?, now: Date) async throws {
        try await db.raw("""
            UPDATE solidarity_replies SET answer = \(bind: answer?.rawValue ?? "none"), answered_at = \(bind: now.storeMillis)
            WHERE call_id = \(bind: call.rawValue) AND assembly_id = \(bind: assembly.rawValue)
            """).run()
    }
}
