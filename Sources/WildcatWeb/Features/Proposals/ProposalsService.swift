import Foundation
import WildcatDomain
import WildcatStore

/// Drafting, voting and closing proposals. Shared by the pages, the API and the closer. The
/// rules themselves (defaults, validation, when a proposal closes, what closing does) are the
/// domain's; this only asks the store and the clock.
struct ProposalsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    func list(in assembly: Assembly) async throws -> [Proposal] {
        try await store.proposals(in: assembly.id)
    }

    func proposal(_ id: ID<Proposal>, in assembly: Assembly) async throws -> Proposal {
        guard let proposal = try await store.proposal(id, in: assembly.id) else { throw Refusal.notFound }
        return proposal
    }

    /// Where the ratification stands: of this council decision, or, for a member assembly's vote
    /// on one, of the council decision it answers.
    func ratification(of proposal: Proposal, in assembly: Assembly) async throws -> RatificationItem? {
        if let ratification = proposal.ratification {
            return RatificationItem(ratification, rule: assembly.charter?.ratification ?? .majority)
        }
        guard case .ratifyDecision(let asked)? = proposal.draft.effect,
              let council = try await store.councilAssembly(asked.council), let decided = try await store.proposal(asked.proposal, in: asked.council),
              let ratification = decided.ratification else { return nil }
        return RatificationItem(ratification, rule: council.charter?.ratification ?? .majority, decisionLink: Paths.proposal(decided.id, in: council.id))
    }

    /// Drafts and stores a proposal. For an admission, also the link that will admit the person
    /// once it passes (shown this once).
    func propose(_ request: ProposalRequest, in assembly: Assembly, by account: Account) async throws -> (Proposal, admissionLink: String?) {
        // A committee decides inside its mandate and carries out nothing on the platform; a council
        // acts only on its own place in other councils. Only assemblies act on their own rules and members.
        if let effect = request.effect, effect.asksForAnEffect {
            switch assembly.kind {
            case .assembly: break
            case .committee:
                throw InputError(field: "effect", "A committee's decisions carry no platform effect: the assembly's own decisions do.")
            case .council:
                guard let kind = effect.chosenKind, EffectRequest.councilKinds.contains(kind) else {
                    throw InputError(field: "effect", "A council's decisions carry no platform effect on any assembly: it may only join or leave another council, elect, recall or mandate its delegates there, or send a solidarity call.")
                }
            }
        }
        // Who may open an urgent vote is the assembly's rule.
        if request.urgent == true, assembly.rules.urgent?.whoMayOpen == .delegates,
           try await !store.isDelegate(account.id, sentBy: assembly.id) {
            throw InputError(field: "urgent", "Only a delegate on one of the assembly's committees may open an urgent vote here.")
        }
        // An urgent vote alerts everyone: one member (an informer, say) cannot flood them with alerts.
        if request.urgent == true, try await store.hasOpenUrgentVote(by: account.id, in: assembly.id) {
            throw InputError(field: "urgent", "You already have an urgent vote open here: one at a time, since each alerts every member.")
        }
        // A token does not say which assembly's delegate cast it, so a secret ballot cannot carry
        // the members that delegate represents: it would count once, not by its weight.
        if request.secret == true, assembly.kind == .council, assembly.charter?.weighting == .byMembers {
            throw InputError(field: "secret", "This council's votes carry the members each delegate represents, which a secret ballot cannot: its ballots are open.")
        }
        // Only a council sends its decisions to its assemblies for ratification.
        if request.forRatification == true, assembly.kind != .council {
            throw InputError(field: "forRatification", "Only a council's decisions go to its assemblies for ratification.")
        }
        // Only some effects need the member list, the committees and councils, or the council named.
        let members = request.effect?.needsMembers == true ? try await store.members(of: assembly.id) : []
        let bodies = request.effect?.needsCommittees == true ? try await store.committees(of: assembly.id) + store.councils(of: assembly.id) : []
        var councils: [CouncilRef] = []
        if let named = request.effect?.namedCouncil, let found = try await store.councilRef(named, for: assembly.id) { councils = [found] }
        var target: CallTarget?
        if let named = request.effect?.namedTarget { target = try await store.callTarget(named, for: assembly.id) }
        let draft = try ProposalDraft(request: request, rules: assembly.rules, members: members, committees: bodies, councils: councils,
                                      target: target, now: now)
        let key = draft.secret ? try await SecretBallotService.makeKey() : nil
        let (proposal, token) = try await store.createProposal(in: assembly, by: account, draft: draft, ballotKey: key, now: now)
        return (proposal, token.map { environment.configuration.joinLink(token: $0.value) })
    }

    /// Casts or replaces a ballot; the last member's vote closes the proposal at once. Returns
    /// how many have voted and whether this vote closed it.
    @discardableResult
    func vote(_ ballot: Ballot, on id: ID<Proposal>, draft: ProposalDraft, in assembly: Assembly, by account: Account) async throws -> (ballots: Int, closed: Bool) {
        do {
            try Tally.validate(ballot, for: draft.election(ballots: []))
        } catch {
            throw Refusal.invalidBallot(error.message)
        }
        let now = self.now
        let ballots = try await store.castBallot(ballot, on: id, in: assembly.id, by: account.id, now: now)
        // Counting the members costs a scan: use the count looked up a moment ago, and count
        // again only when the ballots could be everyone's.
        var members: Int
        if let known = environment.cache.memberCount(of: assembly.id, now: now) {
            members = known
        } else {
            members = try await store.memberCount(of: assembly.id)
            environment.cache.remember(memberCount: members, of: assembly.id, now: now)
        }
        // The counter includes ballots of voters who have left since: only current members'
        // ballots make "everyone has voted".
        var memberBallots = ballots
        if ballots >= members {
            members = try await store.memberCount(of: assembly.id)
            memberBallots = try await store.memberBallots(on: id, in: assembly.id)
        }
        if Closing.isDue(closesAt: draft.closesAt, now: now, memberBallots: memberBallots, members: members) {
            try await close(id, in: assembly.id)
            return (ballots, true)
        }
        return (ballots, false)
    }

    /// Closes the proposals whose deadline has passed.
    func closeDue() async throws {
        let now = self.now
        for due in try await store.openProposals(closingBy: now)
        where Closing.isDue(closesAt: due.closesAt, now: now, memberBallots: 0, members: 0) {
            try await close(due.id, in: due.assembly)
        }
    }

    /// After the membership changed: closes the assembly's open proposals on which every
    /// remaining member has now voted.
    func closeEveryoneVoted(in assembly: ID<Assembly>) async throws {
        let now = self.now
        let open = try await store.openProposals(in: assembly)
        guard !open.isEmpty else { return }
        let members = try await store.memberCount(of: assembly)
        for proposal in open where Closing.isDue(closesAt: proposal.closesAt, now: now, memberBallots: proposal.memberBallots, members: members) {
            try await close(proposal.id, in: assembly)
        }
    }

    private func close(_ id: ID<Proposal>, in assembly: ID<Assembly>) async throws {
        guard let closed = try await store.closeProposal(id, in: assembly, now: now) else { return }
        if closed.draft.secret {
            store.forgetWriteOrder()
            // This node's cache forgets the private key the close destroyed.
            environment.ballotKeys.closed(closed.id)
        }
        // Its effect may have renamed the assembly or changed its rules or members.
        environment.cache.forget(assembly: assembly)
        // Who may act where changed: this node forgets at once (others within a second, by the live feed).
        switch closed.draft.effect {
        case .recallDelegate(let recall)?: environment.cache.forget(memberships: recall.member)
        case .leaveCouncil(let left)?: environment.cache.forget(assembly: left.council)
        case .electDelegates(let election)?: for candidate in election.candidates { environment.cache.forget(memberships: candidate.account) }
        default: break
        }
        if case .memberRemoved = closed.decision?.effect { try await closeEveryoneVoted(in: assembly) }
    }

    /// The count, when members may see it now.
    func result(of proposal: Proposal) async throws -> (result: TallyResult?, votes: [(voter: String?, ballot: Ballot)]) {
        guard ResultVisibility.showsResult(of: proposal) else { return (nil, []) }
        let showsVoters = ResultVisibility.showsVoters(of: proposal)
        // A closed proposal's count is the record made at closing, never counted again.
        if let recorded = proposal.result {
            return (recorded, showsVoters ? try await store.ballots(on: proposal.id) : [])
        }
        let ballots = try await store.ballots(on: proposal.id)
        let result = try? Tally.tally(proposal.election(ballots: ballots.map(\.ballot)))
        return (result, showsVoters ? ballots : [])
    }

    func myBallot(on proposal: ID<Proposal>, by account: Account) async throws -> Ballot? {
        try await store.ballot(on: proposal, by: account.id)
    }

    /// The draft, usually from memory: the vote's own transaction checks the proposal is open.
    func draft(of id: ID<Proposal>, in assembly: Assembly) async throws -> ProposalDraft {
        guard let draft = try await store.draft(of: id, in: assembly.id) else { throw Refusal.notFound }
        return draft
    }
}
