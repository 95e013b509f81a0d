import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pledges over the API: the same rules as the pages.
struct PledgesAPI {
    let service: PledgesService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/pledges", use: list)
        routes.assembly(.post, "/pledges", use: create)
        routes.assembly(.get, "/pledges/{pledge}", use: show)
        routes.assembly(.post, "/pledges/{pledge}/pledge", use: pledge)
        routes.assembly(.post, "/pledges/{pledge}/withdraw", use: withdraw)
        return routes
    }

    @Sendable func list(_ request: Request, context: AssemblyContext) async throws -> [PledgeJSON] {
        try await service.list(in: context.assembly, for: context.account).map(PledgeJSON.init)
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<PledgeJSON> {
        let body = try await request.decode(as: NewPledgeJSON.self, context: context)
        guard let deadline = RFC3339.date(body.deadline) else { throw InputError(field: "deadline", "A deadline is an RFC 3339 time, such as 2026-12-04T17:00:00Z.") }
        let pledge = try await service.create(text: body.text, share: body.share, count: body.count.map(String.init), deadline: deadline,
                                              pledgeToo: body.pledge ?? false, in: context.assembly, by: context.account)
        return EditedResponse(status: .created, response: PledgeJSON(try await service.find(pledge.id, in: context.assembly, for: context.account)))
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> PledgeJSON {
        PledgeJSON(try await service.find(try PledgePages.pledgeID(context), in: context.assembly, for: context.account))
    }

    @Sendable func pledge(_ request: Request, context: AssemblyContext) async throws -> PledgeJSON {
        let id = try PledgePages.pledgeID(context)
        _ = try await service.pledge(id, in: context.assembly, by: context.account)
        return PledgeJSON(try await service.find(id, in: context.assembly, for: context.account))
    }

    @Sendable func withdraw(_ request: Request, context: AssemblyContext) async throws -> PledgeJSON {
        let id = try PledgePages.pledgeID(context)
        _ = try await service.withdraw(id, in: context.assembly, by: context.account)
        return PledgeJSON(try await service.find(id, in: context.assembly, for: context.account))
    }
}

struct NewPledgeJSON: Decodable, Sendable {
    let text: String
    /// "70%", "70" or "2/3".
    let share: String?
    let count: Int?
    let deadline: String
    /// The maker pledges at once.
    let pledge: Bool?
}

struct PledgeJSON: ResponseEncodable {
    let id: String
    let text: String
    let share: String?
    let count: Int?
    let needed: Int
    let pledged: Int
    let deadline: String
    let state: String
    let reachedAt: String?
    let mine: Bool
    /// Only for a pledger, once the threshold is reached.
    let pledgers: [String]?

    init(_ seen: PledgesService.Seen) {
        let pledge = seen.pledge
        id = pledge.id.rawValue
        text = pledge.text
        share = pledge.threshold.share?.description
        count = pledge.threshold.count
        needed = seen.needed
        pledged = pledge.count
        deadline = TimeText.iso(pledge.deadline)
        state = pledge.state.rawValue
        reachedAt = pledge.reachedAt.map(TimeText.iso)
        mine = seen.mine
        pledgers = seen.pledgers
    }
}
