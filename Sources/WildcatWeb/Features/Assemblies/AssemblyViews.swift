import WildcatDomain

/// What the assemblies pages show.

/// An open proposal waiting for this member's vote.
struct AwaitingItem: Sendable {
    let link: String
    let title: String
    /// On the home page, which assembly it is in.
    let assemblyName: String?
    let closes: TimeView
    let urgent: Bool

    init(_ proposal: Proposal, assemblyName: String?) {
        urgent = proposal.draft.urgent == true
        link = Paths.proposal(proposal.id, in: proposal.assemblyID)
        title = proposal.draft.title
        self.assemblyName = assemblyName
        closes = TimeView(proposal.draft.closesAt)
    }
}

/// "3 new", "99+ new": counts stop at 100.
enum UnreadWords {
    static func count(_ unread: Int) -> String { unread >= 100 ? "99+" : String(unread) }
}

struct HomeView: Sendable {
    struct Item: Sendable {
        let link: String
        let name: String
        let members: Int
        let one: Bool
        let unread: String
        let hasUnread: Bool
    }

    let chrome: PageChrome
    let assemblies: [Item]
    /// Stored, not computed: Mustache sees stored properties only.
    let hasAssemblies: Bool
    let awaiting: [AwaitingItem]
    let hasAwaiting: Bool
    let foundAction: String
    let nameLength = Limits.assemblyNameLength.upperBound
    var name = ""
    var error: String?

    init(chrome: PageChrome, assemblies: [Item], awaiting: [AwaitingItem], name: String = "", error: String? = nil) {
        self.chrome = chrome
        self.assemblies = assemblies
        self.awaiting = awaiting
        self.hasAwaiting = !awaiting.isEmpty
        self.hasAssemblies = !assemblies.isEmpty
        self.foundAction = Paths.foundAssembly
        self.name = name
        self.error = error
    }
}

struct AssemblyView: Sendable {
    struct MemberItem: Sendable {
        let pseudonym: String
        let isMe: Bool
        let joined: TimeView
        let invitedBy: String?
    }

    struct InviteItem: Sendable {
        let usage: String
        let madeBy: String
        let expires: TimeView
        let revoke: String
    }

    struct RuleItem: Sendable {
        let name: String
        let value: String
    }

    struct AuditItem: Sendable {
        let at: TimeView
        let text: String
    }

    struct ChannelItem: Sendable {
        let link: String
        let channelID: String
        let name: String
        let unread: String
        let hasUnread: Bool
    }

    struct Links: Sendable {
        let proposals: String
        let newProposal: String
        let createChannel: String
        let createInvite: String
        let leave: String
        let pledges: String
        let meetings: String
        let actions: String
        let demands: String
        let direct: String
    }

    let chrome: PageChrome
    let name: String
    let links: Links
    let channels: [ChannelItem]
    /// The new-channel form: what was typed, and why it was refused.
    let channelName: String
    let channelError: String?
    let channelNameLength: Int
    /// Open proposals this member has not voted on.
    let awaiting: [AwaitingItem]
    let hasAwaiting: Bool
    let committees: [CommitteeItem]
    let hasCommittees: Bool
    let setUpCommittee: String
    let councils: [CouncilItem]
    let hasCouncils: Bool
    let foundCouncil: String
    let joinCouncil: String
    let calls: [CallItem]
    let hasCalls: Bool
    let sendCall: String
    /// The assembly's code, by which another assembly sends it a call directly.
    let code: String
    /// Petition counts and the like arrive live.
    let live: LiveAttributes
    let members: [MemberItem]
    let memberCount: Int
    let mayInvite: Bool
    let inviteExpiryHours: Int
    let invites: [InviteItem]
    let hasInvites: Bool
    let rules: [RuleItem]
    let audit: [AuditItem]
    var error: String?
}

struct InviteCreatedView: Sendable {
    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let link: String
    let usage: String
    let expires: TimeView
    /// The link as a QR code (inline SVG made on the server, holding nothing but the link).
    let qrCode: String?
}

extension WildcatDomain.Invite {
    /// "For one person" or "For up to 10 people (3 joined)".
    var usageText: String {
        switch maxUses {
        case 1: return "For one person"
        case nil: return "For any number of people until it expires (\(uses) joined)"
        case let max?: return "For up to \(max) people (\(uses) joined)"
        }
    }
}
