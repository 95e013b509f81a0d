/// What the proposals pages show.

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
        let isOpen: Bool
        /// For an open proposal: when it closes, and how many voted.
        let closes: TimeView
        let voted: Int
        /// For a closed one: its outcome.
        let outcome: String
    }

    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let newProposal: String
    let proposals: [Item]
    let hasProposals: Bool
}

struct ProposalFormView: Sendable {
    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let action: String
    let title: String
    let body: String
    let options: String
    let methods: [Choice]
    let thresholds: [Choice]
    let defaultThreshold: String
    let defaultQuorum: String
    let closesInMinutes: String
    let members: [Choice]
    let retentionDays: Int
    let inviteExpiryHours: Int
    let defaultQuorumShare: String
    let invitePermissions: [Choice]
    let ruleThresholds: [Choice]
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
        let action: String
        var choices: [Radio] = []
        var checks: [Check] = []
        var numbers: [Number] = []
        var slots: [Slot] = []
        var hint: String?
    }

    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let proposalsLink: String
    let title: String
    let blocks: [BlockItem]
    let author: String
    let method: String
    let isOpen: Bool
    let closes: TimeView
    let threshold: String?
    let quorum: String
    let secret: Bool
    let effect: String?
    let ballotCount: Int
    let outcome: String?
    let result: ResultItem?
    let provisional: Bool
    let hiddenUntilClose: Bool
    let votes: [Vote]
    let hasVotes: Bool
    let myVote: String?
    let form: VoteForm?
    let threadLink: String?
    let error: String?
}
