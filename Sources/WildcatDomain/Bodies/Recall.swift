import Foundation

/// Recall at any moment: any member of the assembly that sent a delegate may open a petition to
/// recall them; when enough members have signed (the assembly's `recallShare`, at least), a
/// recall vote opens by itself, and if it passes the delegate loses their seat at once.
public enum Recall {
    /// How long the recall vote that a petition opens stays open.
    public static let voteHours = 48
    public static let reasonLength = 0...500

    /// Whether `signatures` of the assembly's `members` are enough to open the recall vote.
    public static func opensVote(signatures: Int, members: Int, share: Fraction) -> Bool {
        Threshold(share, .atLeast).isMet(count: signatures, of: members)
    }

    /// The fewest signatures that open the vote: at least `share` of `members`, and at least one.
    public static func signaturesNeeded(members: Int, share: Fraction) -> Int {
        let (product, overflow) = share.numerator.multipliedReportingOverflow(by: members)
        guard !overflow else { return members }
        return max(1, (product + share.denominator - 1) / share.denominator)
    }

    /// The vote a petition opens: yes or no on the recall, under the assembly's own threshold
    /// and quorum, open ballot (a recall is a public act), closing in `voteHours`.
    public static func vote(of delegate: Delegate, committee: String, reason: String, rules: AssemblyRules, now: Date) -> ProposalDraft {
        let why = reason.isEmpty ? "" : "\n\nThe petition says: " + reason
        return ProposalDraft(
            title: "Recall \(delegate.pseudonym) from \(committee)",
            body: "Enough members signed a petition to recall this delegate. If this passes, \(delegate.pseudonym) loses the seat at once and the seat falls vacant." + why,
            method: .yesno, options: [], seats: 1, threshold: rules.defaultThreshold, abstentionsCount: false, quorum: rules.defaultQuorum,
            dotBudget: ProposalDraft.defaultDotBudget, secret: false, resultsLive: true, closesAt: now + TimeInterval(voteHours * 3600),
            effect: .recallDelegate(RecallDelegate(committee: delegate.committee, committeeName: committee, member: delegate.account,
                                                   pseudonym: delegate.pseudonym)))
    }
}

/// An open or finished petition to recall a delegate.
public struct RecallPetition: Sendable, Hashable {
    public let id: ID<RecallPetition>
    public let committee: ID<Assembly>
    public let delegate: ID<Account>
    public let reason: String
    public let openedAt: Date
    public let signatures: Int
    /// The recall vote it opened, once enough signed.
    public let vote: ID<Proposal>?

    public init(id: ID<RecallPetition>, committee: ID<Assembly>, delegate: ID<Account>, reason: String, openedAt: Date, signatures: Int,
                vote: ID<Proposal>?) {
        self.id = id
        self.committee = committee
        self.delegate = delegate
        self.reason = reason
        self.openedAt = openedAt
        self.signatures = signatures
        self.vote = vote
    }
}
