import WildcatDomain

/// What the assemblies pages show.

struct HomeView: Sendable {
    struct Item: Sendable {
        let link: String
        let name: String
        let members: Int
        let one: Bool
    }

    let chrome: PageChrome
    let assemblies: [Item]
    /// Stored, not computed: Mustache sees stored properties only.
    let hasAssemblies: Bool
    let foundAction: String
    var name = ""
    var error: String?

    init(chrome: PageChrome, assemblies: [Item], name: String = "", error: String? = nil) {
        self.chrome = chrome
        self.assemblies = assemblies
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
        let unread: Int
        let hasUnread: Bool
    }

    struct Links: Sendable {
        let proposals: String
        let newProposal: String
        let createChannel: String
        let createInvite: String
        let leave: String
    }

    let chrome: PageChrome
    let name: String
    let links: Links
    let channels: [ChannelItem]
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
