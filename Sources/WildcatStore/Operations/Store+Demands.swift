import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// A drafted demand; adopting it, and recording it won or lost, are decisions.
    public func draftDemand(_ text: String, in assembly: ID<Assembly>, now: Date) async throws -> Demand {
        let id = ID<Demand>(RandomText.identifier())
        try await write { tx in
            try await tx.db.raw("""
                INSERT INTO demands (id, assembly_id, text, status, created_at)
                VALUES (\(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: text), 'drafted', \(bind: now.storeMillis))
                """).run()
            try await tx.db.raw("""
                INSERT INTO demand_history (demand_id, position, status, proposal_id, at) VALUES (\(bind: id.rawValue), 1, 'drafted', NULL, \(bind: now.storeMillis))
                """).run()
        }
        guard let demand = try await demand(id, in: assembly) else { throw StoreError.corruptRow("demand just made") }
        return demand
    }

    public func demand(_ id: ID<Demand>, in assembly: ID<Assembly>) async throws -> Demand? {
        try await demands(in: assembly, only: id).first
    }

    /// The assembly's demands in the order they were drafted, each with its history.
    public func demands(in assembly: ID<Assembly>, only: ID<Demand>? = nil) async throws -> [Demand] {
        try await read { db in
            let filter: SQLQueryString = only.map { "AND d.id = \(bind: $0.rawValue)" } ?? ""
            let rows = try await db.raw("""
                SELECT d.id, d.text, d.status, h.status AS h_status, h.proposal_id, h.at
                FROM demands d JOIN demand_history h ON h.demand_id = d.id
                WHERE d.assembly_id = \(bind: assembly.rawValue) \(filter) ORDER BY d.created_at, d.id, h.position
                """).all()
            var demands: [Demand] = []
            for row in rows {
                let id = ID<Demand>(try row.string("id"))
                let change = Demand.Change(status: Demand.Status(rawValue: try row.string("h_status")) ?? .drafted,
                                           proposal: try row.optionalString("proposal_id").map(ID.init), at: try row.date("at"))
                if demands.last?.id == id {
                    demands[demands.count - 1].history.append(change)
                } else {
                    demands.append(Demand(id: id, assemblyID: assembly, text: try row.string("text"),
                                          status: Demand.Status(rawValue: try row.string("status")) ?? .drafted, history: [change]))
                }
            }
            return demands
        }
    }
}

extension Transaction {
    /// A decision's change of a demand's status, if the demand can still move there.
    func setDemand(_ id: ID<Demand>, to status: Demand.Status, in assembly: ID<Assembly>, proposal: ID<Proposal>, now: Date) async throws {
        guard let row = try await db.raw("""
            SELECT status FROM demands WHERE id = \(bind: id.rawValue) AND assembly_id = \(bind: assembly.rawValue)
            """).first(), let current = Demand.Status(rawValue: try row.string("status")), current.next.contains(status) else { return }
        try await db.raw("UPDATE demands SET status = \(bind: status.rawValue) WHERE id = \(bind: id.rawValue)").run()
        try await db.raw("""
            INSERT INTO demand_history (demand_id, position, status, proposal_id, at)
            SELECT \(bind: id.rawValue), COALESCE(MAX(position), 0) + 1, \(bind: status.rawValue), \(bind: proposal.rawValue), \(bind: now.storeMillis)
            FROM demand_history WHERE demand_id = \(bind: id.rawValue)
            """).run()
    }
}
