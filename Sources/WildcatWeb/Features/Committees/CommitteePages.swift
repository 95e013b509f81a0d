import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// A committee's page, a delegate's page, and recall petitions. A committee is an assembly whose
/// members are delegates; its channels and proposals are the assembly pages' own.
struct CommitteePages {
    let service: CommitteesService
    let chat: ChatService
    let assemblies: AssembliesService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/d/{delegate}", use: delegatePage)
        routes.assembly(.post, "/petitions", use: petition)
        routes.assembly(.post, "/petitions/{petition}/sign", use: sign)
        return routes
    }

    /// A committee's own page (the assembly pages send committees here).
    func committeePage(context: AssemblyContext) async throws -> Response {
        let committee = try await service.committee(context.assembly)
        guard let parent = context.assembly.parent else { throw Refusal.notFound }
        let parentAssembly = try await assemblies.find(parent, for: context.account)
        let petitions = try await petitionItems(in: parentAssembly, for: context.account)
        let channels = context.readsChannels ? try await chat.channels(of: context.assembly, for: context.account) : []
        let audit = try await assemblies.auditLog(of: context.assembly, limit: 200)
        let view = CommitteeView(
            chrome: PageChrome(context), name: committee.name, parentName: parentAssembly.name, parentLink: Paths.assembly(parent),
            blocks: BlockItem.blocks(committee.charter.mandate), seats: CommitteeWords.seats(committee.charter.seats),
            term: CommitteeWords.term(committee.charter.termDays), rotation: CommitteeWords.rotation(committee.charter.maxTerms),
            channelPrivate: committee.charter.channelPrivate,
            delegates: committee.delegates.map { delegateItem($0, petition: petitions[$0.account]) }, hasDelegates: !committee.delegates.isEmpty,
            vacancies: committee.vacancies, hasVacancies: committee.vacancies > 0, electLink: Paths.newProposal(parent, method: .stv, effect: .elect, committee: committee.id),
            isObserver: context.access == .observer, readsChannels: context.readsChannels,
            channels: channels.map {
                AssemblyView.ChannelItem(link: Paths.channel($0.channel.id, in: committee.id), channelID: $0.channel.id.rawValue, name: $0.channel.name,
                                         unread: UnreadWords.count($0.unread), hasUnread: $0.unread > 0)
            },
            proposalsLink: Paths.proposals(committee.id), meetingsLink: Paths.meetings(committee.id), actionsLink: Paths.actions(committee.id), newProposal: Paths.newProposal(committee.id),
            audit: audit.map { AssemblyView.AuditItem(at: TimeView($0.at), text: AuditWords.sentence($0)) },
            leave: Paths.leave(committee.id),
            live: try await liveAttributes(context, assembly: parent))
        return pages.render("committee", view)
    }

    @Sendable func delegatePage(_ request: Request, context: AssemblyContext) async throws -> Response {
        let account = try Self.delegateParameter(context)
        let body: Committee
        switch context.assembly.kind {
        case .committee: body = try await service.committee(context.assembly)
        case .council: body = try await service.council(context.assembly)
        case .assembly: throw Refusal.notFound
        }
        let delegate = try service.delegate(account, of: body)
        // Only members of the assembly that sent a delegate petition to recall them.
        let sender = try? await assemblies.find(delegate.sentBy, for: context.account)
        var petitions: [ID<Account>: PetitionItem] = [:]
        if let sender { petitions = try await petitionItems(in: sender, for: context.account) }
        let votes = try await service.votes(of: delegate)
        let word = body.isCommittee ? "committee" : "council"
        let view = DelegateView(
            chrome: PageChrome(context), pseudonym: delegate.pseudonym, committeeName: body.name, committeeLink: Paths.assembly(body.id),
            bodyWord: word, parentName: try await service.name(of: delegate.sentBy), blocks: BlockItem.blocks(delegate.mandate),
            decisions: sender == nil ? [] : delegate.decisions.map { DelegateView.Decision(link: Paths.proposal($0, in: delegate.sentBy)) },
            elected: TimeView(delegate.electedAt), termEnds: delegate.termEndsAt.map(TimeView.init),
            votes: votes.map { proposal, ballot in
                DelegateView.Vote(title: proposal.draft.title, link: Paths.proposal(proposal.id, in: body.id),
                                  choice: proposal.draft.secret ? "secret ballot" : ballot.map(ProposalWords.ballot) ?? "did not vote")
            },
            hasVotes: !votes.isEmpty, mayPetition: sender != nil, petition: petitions[delegate.account], petitionAction: Paths.petitions(delegate.sentBy),
            committeeID: body.id.rawValue, delegateID: delegate.account.rawValue, reasonLength: Recall.reasonLength.upperBound,
            live: try await liveAttributes(context, assembly: sender?.id ?? body.id))
        return pages.render("delegate", view)
    }

    /// Opens or signs a petition to recall a delegate (a member of the assembly that sent them).
    @Sendable func petition(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(PetitionRequest.self, from: request, context: context)
        let committee = ID<Assembly>(form.committee)
        _ = try await service.petition(to: ID(form.delegate), from: committee, reason: form.reason ?? "", in: context.assembly, by: context.account)
        return seeOther(Paths.delegate(ID(form.delegate), in: committee))
    }

    @Sendable func sign(_ request: Request, context: AssemblyContext) async throws -> Response {
        guard let id = context.parameters.get("petition"), id.count <= 64 else { throw Refusal.notFound }
        let (petition, _) = try await service.sign(ID(id), in: context.assembly, by: context.account)
        return seeOther(Paths.delegate(petition.delegate, in: petition.committee))
    }

    /// Open petitions of the assembly, by delegate, as this member sees them.
    func petitionItems(in assembly: Assembly, for member: Account) async throws -> [ID<Account>: PetitionItem] {
        let open = try await service.openPetitions(in: assembly)
        guard !open.isEmpty else { return [:] }
        let needed = try await service.signaturesNeeded(in: assembly)
        var items: [ID<Account>: PetitionItem] = [:]
        for petition in open {
            items[petition.delegate] = PetitionItem(id: petition.id.rawValue, signatures: petition.signatures, needed: needed,
                                                    signed: try await service.hasSigned(petition.id, by: member),
                                                    signAction: Paths.signPetition(petition.id, in: assembly.id),
                                                    voteLink: petition.vote.map { Paths.proposal($0, in: assembly.id) })
        }
        return items
    }

    func delegateItem(_ delegate: Delegate, petition: PetitionItem?) -> DelegateItem {
        DelegateItem(pseudonym: delegate.pseudonym, link: Paths.delegate(delegate.account, in: delegate.committee),
                     mandate: delegate.mandate.count > 120 ? String(delegate.mandate.prefix(119)) + "…" : delegate.mandate,
                     term: delegate.termEndsAt.map { "until " + TimeText.text($0) } ?? "until recalled", petition: petition)
    }

    /// Petition counts arrive live on the assembly's stream.
    private func liveAttributes(_ context: AssemblyContext, assembly: ID<Assembly>) async throws -> LiveAttributes {
        LiveAttributes(mode: "assembly", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                       assembly: assembly.rawValue, channel: "", root: "")
    }

    static func delegateParameter(_ context: AssemblyContext) throws -> ID<Account> {
        guard let id = context.parameters.get("delegate"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }
}

/// A petition to recall a delegate: the committee, the delegate's account id, and why.
struct PetitionRequest: Decodable, Sendable {
    let committee: String
    let delegate: String
    let reason: String?
}
