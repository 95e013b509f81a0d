import Foundation
import WildcatDomain
import WildcatStore

/// Sealed threshold pledges: the count is public to members, the pledgers only to each other
/// and only once the threshold is reached.
struct PledgesService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// A pledge as one member sees it: the names only for a pledger of a reached pledge.
    struct Seen: Sendable {
        let pledge: Pledge
        let mine: Bool
        let needed: Int
        let pledgers: [String]?
    }

    func list(in assembly: Assembly, for member: Account) async throws -> [Seen] {
        let members = try await store.memberCount(of: assembly.id)
        return try await store.pledges(in: assembly.id, member: member.id).map { pledge, mine in
            Seen(pledge: pledge, mine: mine, needed: pledge.threshold.needed(members: members), pledgers: nil)
        }
    }

    func find(_ id: ID<Pledge>, in assembly: Assembly, for member: Account) async throws -> Seen {
        guard let pledge = try await store.pledge(id, in: assembly.id) else { throw Refusal.notFound }
        let mine = try await store.hasPledged(id, member: member.id)
        let members = try await store.memberCount(of: assembly.id)
        let names = pledge.state == .reached && mine ? try await store.pledgers(of: id) : nil
        return Seen(pledge: pledge, mine: mine, needed: pledge.threshold.needed(members: members), pledgers: names)
    }

    func create(text: String, share: String?, count: String?, deadline: Date, pledgeToo: Bool, in assembly: Assembly, by member: Account) async throws -> Pledge {
        guard assembly.kind != .council else { throw InputError(field: "text", "Pledges are made in assemblies and committees, not councils.") }
        let request = try PledgeRequest(text: text, share: share, count: count, deadline: deadline, now: now)
        return try await store.createPledge(request, in: assembly.id, pledgedBy: pledgeToo ? member.id : nil, now: now)
    }

    func pledge(_ id: ID<Pledge>, in assembly: Assembly, by member: Account) async throws -> PledgeOutcome {
        try await store.makePledge(id, in: assembly.id, by: member.id, now: now)
    }

    func withdraw(_ id: ID<Pledge>, in assembly: Assembly, by member: Account) async throws -> PledgeOutcome {
        try await store.withdrawPledge(id, in: assembly.id, by: member.id, now: now)
    }
}
