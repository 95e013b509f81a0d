import Foundation
import WildcatDomain
import WildcatStore

/// Councils and solidarity calls, as their assemblies see them. Founding, joining, leaving,
/// electing delegates, ratifying and answering calls are each assembly's decisions (effects of
/// proposals); this only reads them.
struct CouncilsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }

    /// The councils the assembly belongs to, each whole: member assemblies and delegates.
    func councils(of assembly: Assembly) async throws -> [Council] {
        var councils: [Council] = []
        for joined in try await store.councils(of: assembly.id) {
            if let council = try await store.council(joined.id) { councils.append(council) }
        }
        return councils
    }

    func council(_ council: Assembly) async throws -> Council {
        guard council.kind == .council, let found = try await store.council(council.id) else { throw Refusal.notFound }
        return found
    }

    /// The member assemblies of the council this person belongs to (how they came to read it).
    func ownAssemblies(in council: Council, for account: Account) async throws -> [Council.Member] {
        let mine = Set(try await store.assemblies(of: account.id).map(\.assembly.id))
        return council.members.filter { mine.contains($0.id) }
    }

    /// Assemblies asking to join, each with the delegates' open vote on admitting it.
    func admissions(in council: Assembly) async throws -> [(vote: Proposal, asked: AdmitAssembly)] {
        try await store.proposals(in: council.id).compactMap { proposal in
            guard proposal.isOpen, case .admitAssembly(let asked)? = proposal.draft.effect else { return nil }
            return (proposal, asked)
        }
    }

    /// Calls the assembly sent or received, with every answer.
    func calls(involving assembly: Assembly) async throws -> [SolidarityCall] {
        try await store.solidarityCalls(involving: assembly.id)
    }

    /// Calls sent through the council.
    func calls(through council: Assembly) async throws -> [SolidarityCall] {
        try await store.solidarityCalls(through: council.id)
    }
}
