/// Who sees what of a vote, and when.
public enum ResultVisibility {
    /// Whether members see the count now: always once closed; while open, only when the
    /// proposal shows results live and its ballot is open. A secret ballot's count appears at
    /// close only: a count that moves as ballots arrive tells who voted how.
    public static func showsResult(of proposal: Proposal) -> Bool {
        !proposal.isOpen || proposal.draft.resultsLive && !proposal.draft.secret
    }

    /// Whether members see who voted what (open ballots only), whenever they see the count.
    public static func showsVoters(of proposal: Proposal) -> Bool {
        !proposal.draft.secret && showsResult(of: proposal)
    }
}
