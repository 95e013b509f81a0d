import Foundation
import WildcatDomain

/// What every page's layout needs.
struct PageChrome: Sendable {
    /// The signed-in pseudonym, if any.
    let me: String?
    let csrf: String
}

/// Human-readable times, in UTC on the server; the page's script shows local time. Formatted by
/// hand: this runs for every message of every live frame, and Foundation's formatters are slow.
enum Clock {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Nov 25, 2026, 17:05 UTC"
    static func text(_ date: Date) -> String {
        let t = parts(date)
        return "\(months[t.month - 1]) \(t.day), \(t.year), \(pad(t.hour)):\(pad(t.minute)) UTC"
    }

    /// "2026-11-25T17:05:09Z"
    static func iso(_ date: Date) -> String {
        let t = parts(date)
        return "\(t.year)-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))Z"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Civil date from days since 1970 (Howard Hinnant's algorithm), so no locale or time zone
    /// database is involved.
    private static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }
}

struct ErrorView: Sendable {
    let me: String?
    let csrf: String
    let heading: String
    let message: String
}

struct MessageView: Sendable {
    let me: String?
    let csrf: String
    let heading: String
    let message: String
}

struct LoginView: Sendable {
    let me: String? = nil
    let csrf: String
    var pseudonym = ""
    var error: String?
}

struct JoinView: Sendable {
    let me: String?
    let csrf: String
    let token: String
    let firstPerson: Bool
    let assemblyName: String?
    let inviter: String?
    let signedInAs: String?
    var pseudonym = ""
    var error: String?
}

struct HomeView: Sendable {
    struct Item: Sendable {
        let id: String
        let name: String
        let members: Int
        let one: Bool
    }

    let me: String?
    let csrf: String
    let assemblies: [Item]
    /// Stored, not computed: Mustache sees stored properties only.
    let hasAssemblies: Bool
    var name = ""
    var error: String?

    init(me: String?, csrf: String, assemblies: [Item], name: String = "", error: String? = nil) {
        self.me = me
        self.csrf = csrf
        self.assemblies = assemblies
        self.hasAssemblies = !assemblies.isEmpty
        self.name = name
        self.error = error
    }
}

struct AssemblyView: Sendable {
    struct MemberItem: Sendable {
        let pseudonym: String
        let isMe: Bool
        let joined: String
        let joinedISO: String
        let invitedBy: String?
    }

    struct InviteItem: Sendable {
        let id: String
        let assemblyID: String
        let usage: String
        let madeBy: String
        let expires: String
        let expiresISO: String
    }

    struct RuleItem: Sendable {
        let name: String
        let value: String
    }

    struct AuditItem: Sendable {
        let at: String
        let atISO: String
        let text: String
    }

    struct ChannelItem: Sendable {
        let channelID: String
        let name: String
        let unread: Int
        let hasUnread: Bool
    }

    let me: String?
    let csrf: String
    let id: String
    let name: String
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
    let me: String?
    let csrf: String
    let assemblyID: String
    let assemblyName: String
    let link: String
    let usage: String
    let expires: String
    let expiresISO: String
}

struct AccountView: Sendable {
    struct SessionItem: Sendable {
        let id: String
        let device: String
        let current: Bool
        let created: String
        let createdISO: String
        let lastSeen: String
        let lastSeenISO: String
    }

    let me: String?
    let csrf: String
    let sessions: [SessionItem]
    var error: String?
}

extension Invite {
    /// "One person" or "Up to 10 people (3 joined)".
    var usageText: String {
        switch maxUses {
        case 1: return "For one person"
        case nil: return "For any number of people until it expires (\(uses) joined)"
        case let max?: return "For up to \(max) people (\(uses) joined)"
        }
    }
}

extension AuditEntry {
    /// One sentence for the audit log.
    var sentence: String {
        let who = actorIsOperator ? "The server operator" : (actor ?? "A member who has since deleted their account")
        switch kind {
        case .assemblyCreated:
            return "\(who) founded the assembly “\(detail["name"] ?? "")”."
        case .inviteCreated:
            let uses = detail["maxUses"].map { $0 == "unlimited" ? "any number of people" : ($0 == "1" ? "one person" : "up to \($0) people") } ?? "someone"
            return "\(who) created an invite link for \(uses)."
        case .inviteRevoked:
            return "\(who) withdrew an invite link."
        case .memberJoined:
            if detail["invitedBy"] == "operator" { return "\(who) joined, invited by the server operator." }
            return "\(who) joined, invited by \(subject ?? "a member who has since deleted their account")."
        case .memberLeft:
            return detail["reason"] == "accountDeleted" ? "A member deleted their account and left." : "\(who) left."
        case .rulesChanged:
            return "By decision of the assembly, the rules changed: \(detail["rules"] ?? "")."
        case .proposalCreated:
            let effect = detail["effect"].flatMap { $0.isEmpty ? nil : " It \($0) if it passes." } ?? ""
            return "\(who) proposed “\(detail["title"] ?? "")”.\(effect)"
        case .proposalClosed:
            let winners = detail["winners"].map { " Chosen: \($0)." } ?? ""
            let outcome = ["passed": "passed", "failed": "did not pass", "decided": "was decided", "noQuorum": "did not reach quorum"][detail["outcome"] ?? ""] ?? "closed"
            return "The proposal “\(detail["title"] ?? "")” \(outcome).\(winners)"
        case .assemblyRenamed:
            return "By decision of the assembly, it is now called “\(detail["name"] ?? "")”."
        case .memberRemoved:
            return "By decision of the assembly, \(detail["pseudonym"] ?? "a member") was removed."
        }
    }
}

struct ChannelView: Sendable {
    struct Item: Sendable {
        let id: String
        let name: String
        let unread: Int
        let hasUnread: Bool
        let current: Bool
    }

    let me: String?
    let csrf: String
    let myID: String
    let after: Int64
    let assemblyID: String
    let assemblyName: String
    let channelID: String
    let channelName: String
    let channels: [Item]
    /// Rendered by `MessageHTML`, which escapes all text.
    let messages: [String]
    let olderThan: Int64?
    let isLatest: Bool
    let hasMessages: Bool
    let draft: String
    let error: String?
}

struct ThreadView: Sendable {
    let me: String?
    let csrf: String
    let myID: String
    let after: Int64
    let assemblyID: String
    let assemblyName: String
    let channelID: String
    let channelName: String
    let rootID: Int64
    let root: String
    let replies: [String]
    let draft: String
    let error: String?
}

struct EditMessageView: Sendable {
    struct Edit: Sendable {
        let body: String
        let replaced: String
        let replacedISO: String
    }

    let me: String?
    let csrf: String
    let assemblyID: String
    let channelID: String
    let messageID: Int64
    let backTo: String
    let body: String
    let history: [Edit]
    let hasHistory: Bool
    let error: String?
}

/// A select or radio choice.
struct Choice: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

struct ProposalListView: Sendable {
    struct Item: Sendable {
        let link: String
        let title: String
        let status: String
        let isOpen: Bool

        init(_ proposal: Proposal, assembly: String) {
            link = "/a/\(assembly)/p/\(proposal.id)"
            title = proposal.draft.title
            isOpen = proposal.isOpen
            status = proposal.decision.map(ProposalPages.outcomeText)
                ?? "Open until \(Clock.text(proposal.draft.closesAt)); \(proposal.ballotCount) voted so far."
        }
    }

    let me: String?
    let csrf: String
    let assemblyID: String
    let assemblyName: String
    let proposals: [Item]
    let hasProposals: Bool
}

struct ProposalFormView: Sendable {
    let me: String?
    let csrf: String
    let assemblyID: String
    let assemblyName: String
    let title: String
    let body: String
    let options: String
    let methods: [Choice]
    let thresholds: [Choice]
    let defaultQuorum: String
    let closesInMinutes: String
    let members: [Choice]
    let retentionDays: Int
    let inviteExpiryHours: Int
    let invitePermissions: [Choice]
    let error: String?
}

struct ProposalView: Sendable {
    struct Vote: Sendable {
        let voter: String
        let choice: String
    }

    struct Radio: Sendable {
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }

    struct Check: Sendable {
        let name: String
        let label: String
        let checked: Bool
    }

    struct Number: Sendable {
        let name: String
        let label: String
        let value: String
    }

    struct Slot: Sendable {
        let label: String
        let choices: [Radio]
    }

    struct VoteForm: Sendable {
        var choices: [Radio] = []
        var checks: [Check] = []
        var numbers: [Number] = []
        var slots: [Slot] = []
        var hint: String?
    }

    let me: String?
    let csrf: String
    let assemblyID: String
    let assemblyName: String
    let id: String
    let title: String
    /// Rendered by `MessageHTML`, which escapes all text.
    let bodyHTML: String
    let author: String
    let method: String
    let isOpen: Bool
    let closes: String
    let closesISO: String
    let threshold: String?
    let quorum: String
    let secret: Bool
    let effect: String?
    let ballotCount: Int
    let outcome: String?
    /// Rendered by `ResultHTML`, which escapes all text.
    let resultHTML: String?
    let provisional: Bool
    let hiddenUntilClose: Bool
    let votes: [Vote]
    let hasVotes: Bool
    let myVote: String?
    let form: VoteForm?
    let threadLink: String?
    let error: String?
}
