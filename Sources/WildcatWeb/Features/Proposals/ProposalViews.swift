import WildcatDomain

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

/// Step one of a new proposal: how to decide.
struct ProposalMethodsView: Sendable {
    struct Method: Sendable {
        let link: String
        let name: String
        let use: String
    }

    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let methods: [Method]
    let error: String?
}

/// Which effects a decision by this method can carry out here (the domain's `accepts`; a
/// committee's decisions carry none; committee effects only where there is a committee to act on).
struct EffectChoices: Sendable {
    let changeRules: Bool
    let renameTo: Bool
    let renameToWinner: Bool
    let removeMember: Bool
    let admit: Bool
    let committee: Bool
    let elect: Bool
    let recall: Bool
    let mandate: Bool
    let council: Bool
    let join: Bool
    let leave: Bool
    let call: Bool
    /// Stored, not computed: Mustache sees stored properties only.
    let any: Bool

    init(method: DecisionMethod, kind: AssemblyKind = .assembly, committees: [Committee] = [], councils: Int = 0) {
        let motion = !method.choosesOptions
        let here = kind == .assembly
        // A council acts only on its own place in other councils.
        let council = kind == .council
        let seated = committees.contains { !$0.delegates.isEmpty }
        changeRules = here && ChangeRules.accepts(method)
        renameTo = here && RenameAssembly.accepts(method) && motion
        renameToWinner = here && RenameAssembly.accepts(method) && !motion
        removeMember = here && RemoveMember.accepts(method)
        admit = here && AdmitPerson.accepts(method)
        committee = here && CreateCommittee.accepts(method)
        elect = (here || council) && ElectDelegates.accepts(method) && committees.contains { $0.vacancies > 0 }
        recall = (here || council) && RecallDelegate.accepts(method) && seated
        mandate = (here || council) && ChangeMandate.accepts(method) && seated
        self.council = here && FoundCouncil.accepts(method)
        join = (here || council) && JoinCouncil.accepts(method)
        leave = (here || council) && LeaveCouncil.accepts(method) && councils > 0
        call = (here || council) && SendCall.accepts(method)
        any = changeRules || renameTo || renameToWinner || removeMember || admit || committee || elect || recall || mandate || self.council || join
            || leave || call
    }
}

/// Limits the form states next to its fields (and enforces with `maxlength`).
struct ProposalLimits: Sendable {
    let title = ProposalDraft.titleLength.upperBound
    let body = ProposalDraft.bodyLength.upperBound
    let options = ProposalDraft.maxOptions
    let option = ProposalDraft.optionLength.upperBound
    let dots = ProposalDraft.dotBudgetRange.upperBound
}

struct ProposalFormView: Sendable {
    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let action: String
    let changeMethod: String
    let method: String
    let methodName: String
    let title: String
    let body: String
    let options: String
    let showOptions: Bool
    let showSeats: Bool
    let showDots: Bool
    let showThreshold: Bool
    let seats: String
    let dotBudget: String
    let thresholds: [Choice]
    let abstentionsCount: Bool
    let defaultThreshold: String
    let defaultQuorum: String
    let quorumShare: String
    let quorumVoters: String
    let deadlines: [Choice]
    let closesAtLocal: String
    let utcOffsetMinutes: String
    let secret: Bool
    let resultsLive: Bool
    let effects: EffectChoices
    let effectNone: Bool
    let effectRules: Bool
    let effectRename: Bool
    let effectRemove: Bool
    let effectAdmit: Bool
    let rename: String
    let admit: String
    let effectCommittee: Bool
    let effectElect: Bool
    let effectRecall: Bool
    let effectMandate: Bool
    let committeeName: String
    let committeeSeats: String
    let committeeTermDays: String
    let committeeMaxTerms: String
    let councilTermDays: String
    let councilMaxTerms: String
    let committeeMandate: String
    let committeePrivate: Bool
    /// Committees with vacant seats, for an election.
    let electable: [Choice]
    /// Members' pseudonyms, as candidates may be named.
    let candidates: String
    /// Seats held ("committee/account"), for a recall or a new mandate.
    let delegateSeats: [Choice]
    let mandateText: String
    let mandateLength: Int
    let effectCouncil: Bool
    let effectJoin: Bool
    let effectLeave: Bool
    let councilName: String
    let councilSeats: String
    let councilMandate: String
    let councilByMembers: Bool
    let urgentForm: UrgentForm
    /// The assembly's urgent-vote rule in words, if it allows them.
    let urgentRule: UrgentRuleWords?
    let urgent: Bool
    let councilRatifyAssemblies: String
    let councilRatifyMembers: String
    let joinCode: String
    let leavable: [Choice]
    let effectCall: Bool
    /// Where a call can go: each council, and each other assembly of the councils.
    let callTargets: [Choice]
    let hasCallTargets: Bool
    let callCode: String
    let callWhat: String
    let callWhen: String
    let callWhy: String
    let callLimits: CallLimits
    /// In a council: whether the decision goes to its assemblies for ratification.
    let offersRatification: Bool
    let forRatification: Bool
    let members: [Choice]
    let retentionDays: Int
    let inviteExpiryHours: Int
    let defaultQuorumShare: String
    let invitePermissions: [Choice]
    let ruleThresholds: [Choice]
    let limits: ProposalLimits
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

    /// What the page's script needs to cast a secret ballot with a token (`ballot.js`).
    struct SecretBallot: Sendable {
        let keyURL: String
        let tokenURL: String
        let castURL: String
        let fingerprint: String
        let method: String
        /// The options as JSON, for the script to name them in the ballot.
        let optionsJSON: String
        /// The longest random wait before casting, in milliseconds.
        let delay: Int
        /// When voting closes, in milliseconds since 1970: the wait never runs past it.
        let closesAt: Int64
        let tokenTaken: Bool
    }

    struct VoteForm: Sendable {
        let action: String
        var secretBallot: SecretBallot?
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
    /// When it closes; once closed, when it did.
    let closes: TimeView
    /// The deadline, when it closed before it (every member had voted).
    let closedEarly: TimeView?
    let seats: Int?
    let threshold: String?
    let quorum: String
    let secret: Bool
    let effect: String?
    /// A council decision that goes to its assemblies once it passes.
    let forRatification: Bool
    let urgent: Bool
    let ratification: RatificationItem?
    let ballotCount: Int
    let outcome: String?
    let result: ResultItem?
    let provisional: Bool
    let tieBroken: Bool
    let tiesLink: String
    let hiddenUntilClose: Bool
    /// A closed secret proposal's board: its counts, who took a token, the file to check.
    let board: BoardView?
    let votes: [Vote]
    let hasVotes: Bool
    let myVote: String?
    let form: VoteForm?
    let threadLink: String?
    /// A closed time poll: the winning slot becomes a meeting in one step.
    let meetingFromPoll: PollMeetingView?
    /// While open: the page listens for its closing.
    let live: LiveAttributes?
    let error: String?
}

struct CallLimits: Sendable {
    let what = CallRequest.whatLength.upperBound
    let when = CallRequest.whenLength.upperBound
    let why = CallRequest.whyLength.upperBound
}

/// Where a council decision sent for ratification stands, as every assembly involved sees it.
struct RatificationItem: Sendable {
    struct Answer: Sendable {
        let assembly: String
        let members: Int
        let answer: String
    }

    let status: String
    let rule: String
    let answers: [Answer]
    /// The council's decision (for a member assembly's vote on it).
    let decisionLink: String?

    init(_ ratification: Ratification, rule: RatificationRule, decisionLink: String? = nil) {
        status = switch ratification.status {
        case .pending: "Waiting for the assemblies: it takes effect only if enough of them ratify it."
        case .ratified: "Ratified: enough assemblies ratified it, and it takes effect."
        case .rejected: "Not ratified: too few assemblies can still ratify it, and it does not take effect."
        }
        self.rule = "at least \(rule.assemblies) of the assemblies, representing at least \(rule.members) of their members"
        answers = ratification.answers.map {
            Answer(assembly: $0.name, members: $0.members, answer: $0.ratified.map { $0 ? "ratified" : "did not ratify" } ?? "voting")
        }
        self.decisionLink = decisionLink
    }
}

/// The recall share and urgent-vote rule as the rules form shows them: the assembly's current ones.
struct UrgentForm: Sendable {
    let recallShare: String
    let allowed: Bool
    let shortestMinutes: String
    let quorumShare: String
    let anyMember: Bool
    let alertTitles: Bool
    let newcomersSeeHistory: Bool

    init(_ rules: AssemblyRules) {
        alertTitles = rules.alertTitles
        newcomersSeeHistory = rules.newcomersSeeHistory
        recallShare = rules.recallShare.description
        let rule = rules.urgent ?? .suggested
        allowed = rules.urgent != nil
        shortestMinutes = String(rule.shortestMinutes)
        if case .share(let share) = rule.quorum { quorumShare = share.description } else { quorumShare = "1/10" }
        anyMember = rule.whoMayOpen == .anyMember
    }
}

struct UrgentRuleWords: Sendable {
    let quorum: String
    let soonest: String

    init?(_ rule: UrgentRule?) {
        guard let rule else { return nil }
        quorum = rule.quorum.description
        soonest = rule.shortestMinutes % 60 == 0 ? (rule.shortestMinutes == 60 ? "1 hour" : "\(rule.shortestMinutes / 60) hours") : "\(rule.shortestMinutes) minutes"
    }
}

/// The bulletin board's summary on a closed secret proposal's page.
struct BoardView: Sendable {
    let link: String
    let eligible: Int
    let issued: Int
    let cast: Int
    let holders: String
    let finalHash: String
    let fingerprint: String
}
