import Foundation
import WildcatDomain
import WildcatStore

/// Committees of an assembly, their delegates and recall petitions. Setting up a committee,
/// electing, recalling and changing mandates are the assembly's decisions (effects of proposals);
/// this only reads them, and petitions.
struct CommitteesService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    func committees(of assembly: Assembly) async throws -> [Committee] {
        try await store.committees(of: assembly.id)
    }

    /// The councils the assembly belongs to, each with the delegates this assembly sends there.
    func councils(of assembly: Assembly) async throws -> [Committee] {
        try await store.councils(of: assembly.id)
    }

    /// A council's member assemblies, with their member counts.
    func councilMembers(of council: ID<Assembly>) async throws -> [Council.Member] {
        try await store.council(council)?.members ?? []
    }

    /// The committee as its assembly sees it (charter and delegates).
    func committee(_ committee: Assembly) async throws -> Committee {
        guard let parent = committee.parent, let found = try await store.committee(committee.id, of: parent) else { throw Refusal.notFound }
        return found
    }

    /// The council with every assembly's delegates, in the shape of a committee.
    func council(_ council: Assembly) async throws -> Committee {
        guard let found = try await store.council(council.id) else { throw Refusal.notFound }
        return Committee(id: found.id, name: found.name, assembly: found.id, charter: found.charter, delegates: found.delegates, kind: .council)
    }

    /// The name of the assembly that sent a delegate (a fact the council page shows to all).
    func name(of sender: ID<Assembly>) async throws -> String {
        try await store.assemblyName(sender) ?? "a former assembly"
    }

    func delegate(_ account: ID<Account>, of committee: Committee) throws -> Delegate {
        guard let delegate = committee.delegates.first(where: { $0.account == account }) else { throw Refusal.notFound }
        return delegate
    }

    /// Opens (or signs) the petition to recall a delegate sent by this assembly.
    func petition(to recall: ID<Account>, from committee: ID<Assembly>, reason: String, in assembly: Assembly, by member: Account) async throws
        -> (RecallPetition, vote: Proposal?) {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Recall.reasonLength.contains(why.count), reason.unicodeScalars.count <= Recall.reasonLength.upperBound else {
            throw InputError(field: "reason", "A reason is at most \(Recall.reasonLength.upperBound) characters long.")
        }
        let text = why.isEmpty ? "" : try MessageText(why).value
        return try await store.petitionRecall(of: recall, from: committee, in: assembly, by: member, reason: text, now: now)
    }

    func sign(_ petition: ID<RecallPetition>, in assembly: Assembly, by member: Account) async throws -> (RecallPetition, vote: Proposal?) {
        try await store.signPetition(petition, in: assembly, by: member, now: now)
    }

    func openPetitions(in assembly: Assembly) async throws -> [RecallPetition] {
        try await store.openPetitions(in: assembly.id)
    }

    func hasSigned(_ petition: ID<RecallPetition>, by member: Account) async throws -> Bool {
        try await store.hasSigned(petition, by: member.id)
    }

    /// How many signatures open the recall vote in this assembly now.
    func signaturesNeeded(in assembly: Assembly) async throws -> Int {
        Recall.signaturesNeeded(members: try await store.memberCount(of: assembly.id), share: assembly.rules.recallShare)
    }

    /// How the delegate voted on the committee's decisions (open ballots only; secret ones say so).
    func votes(of delegate: Delegate) async throws -> [(proposal: Proposal, ballot: Ballot?)] {
        let proposals = try await store.proposals(in: delegate.committee)
        var votes: [(Proposal, Ballot?)] = []
        for proposal in proposals {
            let ballot = proposal.draft.secret ? nil : try await store.ballot(on: proposal.id, by: delegate.account)
            votes.append((proposal, ballot))
        }
        return votes
    }
}
