import Foundation

/// What making a proposal records besides the proposal itself.
public enum Opening {
    public struct Record: Sendable, Hashable {
        public let audit: AuditRecord
        /// Announced in #general; its thread is the proposal's discussion.
        public let post: SystemPost
        /// An admission holds a single-use invite until the vote; it expires this long after.
        public let heldInviteExpiresAt: Date?
    }

    public static func open(_ id: ID<Proposal>, draft: ProposalDraft, rules: AssemblyRules) -> Record {
        var held: Date?
        if case .admitPerson = draft.effect { held = AdmitPerson.inviteExpiry(closesAt: draft.closesAt, rules: rules) }
        return Record(audit: AuditRecord(.proposalMade(proposal: id, title: draft.title, effect: draft.effect?.definition.summary(rules: rules))),
                      post: .proposalOpened(proposal: id, title: draft.title), heldInviteExpiresAt: held)
    }
}
