import WildcatDomain

/// What the committee pages (and the committees part of an assembly's page) show.

/// A recall petition as a page shows it: its signatures, counted live.
struct PetitionItem: Sendable {
    let id: String
    let signatures: Int
    let needed: Int
    let signed: Bool
    let signAction: String
    /// The recall vote it opened.
    let voteLink: String?
}

/// A delegate in a list: name, mandate in short, term, and any petition to recall them.
struct DelegateItem: Sendable {
    let pseudonym: String
    let link: String
    let mandate: String
    let term: String
    let petition: PetitionItem?
}

/// A committee on its assembly's page.
struct CommitteeItem: Sendable {
    let name: String
    let link: String
    let seats: String
    let vacancies: Int
    let hasVacancies: Bool
    let electLink: String
    let delegates: [DelegateItem]
    let hasDelegates: Bool
}

struct CommitteeView: Sendable {
    let chrome: PageChrome
    let name: String
    let parentName: String
    let parentLink: String
    /// The mandate, formatted (`partials/body` reads `blocks`).
    let blocks: [BlockItem]
    let seats: String
    let term: String
    let rotation: String?
    let channelPrivate: Bool
    let delegates: [DelegateItem]
    let hasDelegates: Bool
    let vacancies: Int
    let hasVacancies: Bool
    let electLink: String
    /// A member of the assembly reading its committee (not a delegate).
    let isObserver: Bool
    let readsChannels: Bool
    let channels: [AssemblyView.ChannelItem]
    let proposalsLink: String
    let meetingsLink: String
    let actionsLink: String
    let newProposal: String
    let audit: [AssemblyView.AuditItem]
    let leave: String
    let live: LiveAttributes
}

struct DelegateView: Sendable {
    struct Vote: Sendable {
        let title: String
        let link: String
        let choice: String
    }

    struct Decision: Sendable {
        let link: String
    }

    let chrome: PageChrome
    let pseudonym: String
    let committeeName: String
    let committeeLink: String
    /// "committee" or "council".
    let bodyWord: String
    let parentName: String
    /// The mandate, formatted (`partials/body` reads `blocks`).
    let blocks: [BlockItem]
    let decisions: [Decision]
    let elected: TimeView
    let termEnds: TimeView?
    let votes: [Vote]
    let hasVotes: Bool
    /// The viewer is a member of the assembly that sent the delegate.
    let mayPetition: Bool
    let petition: PetitionItem?
    let petitionAction: String
    let committeeID: String
    let delegateID: String
    let reasonLength: Int
    let live: LiveAttributes
}
