import WildcatDomain

/// What the council page (and the councils part of an assembly's page) show.

/// A member assembly of a council, with the delegates it sent.
struct CouncilMemberItem: Sendable {
    let name: String
    let members: Int
    let delegates: [DelegateItem]
    let hasDelegates: Bool
    /// The viewer is a member of it.
    let isMine: Bool
}

/// A council on a member's page (an assembly's, or a council's in a wider one): its own delegation there.
struct CouncilItem: Sendable {
    let name: String
    let link: String
    let seats: String
    let vacancies: Int
    let hasVacancies: Bool
    let electLink: String
    let delegates: [DelegateItem]
    let hasDelegates: Bool
    let assemblies: String

    /// `member`'s delegation to `council`, each delegate with any petition open against them.
    init(_ council: Council, member: ID<Assembly>, delegate: (Delegate) -> DelegateItem) {
        let sent = council.delegates(of: member)
        name = council.name
        link = Paths.assembly(council.id)
        seats = "\(sent.count) of \(CommitteeWords.seats(council.charter.seats)) elected"
        vacancies = max(0, council.charter.seats - sent.count)
        hasVacancies = vacancies > 0
        electLink = Paths.newProposal(member, method: .stv, effect: .elect, committee: council.id)
        delegates = sent.map(delegate)
        hasDelegates = !sent.isEmpty
        assemblies = council.members.map(\.name).joined(separator: ", ")
    }
}

/// A solidarity call with every answer, as each assembly involved sees it.
struct CallItem: Sendable {
    struct Reply: Sendable {
        let assembly: String
        let answer: String
        /// The receiving assembly's vote, for its own members.
        let voteLink: String?
    }

    let from: String
    let to: String
    let what: String
    let when: String
    let why: String
    let sent: TimeView
    let replies: [Reply]

    init(_ call: SolidarityCall, viewer: Set<ID<Assembly>>) {
        from = call.fromName
        to = call.councilName.map { "every assembly of the council “\($0)”" } ?? call.replies.first.map(\.name) ?? "an assembly that is gone"
        what = call.request.what
        when = call.request.when
        why = call.request.why
        sent = TimeView(call.sentAt)
        replies = call.replies.map {
            Reply(assembly: $0.name, answer: SolidarityWords.reply($0), voteLink: viewer.contains($0.assembly) ? Paths.proposal($0.vote, in: $0.assembly) : nil)
        }
    }
}

/// An assembly asking to join, and the delegates' vote on it.
struct AdmissionItem: Sendable {
    let name: String
    let members: Int
    let voteLink: String
}

struct CouncilView: Sendable {
    let chrome: PageChrome
    let name: String
    /// The viewer's own member assemblies (how they read the council).
    let via: String
    let viaLink: String?
    let isObserver: Bool
    let code: String
    let blocks: [BlockItem]
    let seats: String
    let term: String
    let rotation: String?
    let weighting: String
    let ratification: String
    let members: [CouncilMemberItem]
    /// The councils this council belongs to (a regional council of site councils).
    let higher: [CouncilItem]
    let hasHigher: Bool
    let joinLink: String
    let admissions: [AdmissionItem]
    let hasAdmissions: Bool
    let readsChannels: Bool
    let channels: [AssemblyView.ChannelItem]
    let proposalsLink: String
    let meetingsLink: String
    let actionsLink: String
    let calls: [CallItem]
    let hasCalls: Bool
    /// Send a call through the council, from the viewer's assembly.
    let callLink: String?
    let audit: [AssemblyView.AuditItem]
    let leave: String
    let live: LiveAttributes
}
