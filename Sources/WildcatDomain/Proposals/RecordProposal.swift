import Foundation

extension ProposalDraft {
    /// A yes-or-no proposal about one of the assembly's records (call this action, publish it,
    /// adopt this demand), by the assembly's default threshold and quorum: the member chooses
    /// only when voting closes.
    public static func aboutRecord(title: String, body: String, effect: Effect, rules: AssemblyRules, closesAt: Date,
                                   now: Date) throws(InputError) -> ProposalDraft {
        let short = title.count > titleLength.upperBound ? String(title.prefix(titleLength.upperBound - 1)) + "…" : title
        return try ProposalDraft(title: short, body: body, method: .yesno, options: [], seats: 1, threshold: rules.defaultThreshold,
                                 abstentionsCount: false, quorum: rules.defaultQuorum, dotBudget: defaultDotBudget, secret: false, resultsLive: true,
                                 closesAt: closesAt, effect: effect).validated(rules: rules, now: now)
    }
}
