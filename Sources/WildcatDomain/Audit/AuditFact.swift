import Foundation

/// What a line of an assembly's audit log records: a typed fact, stored as such (never as a
/// sentence), so the log can be worded in any language and read by programs.
public enum AuditFact: Sendable, Hashable, Codable {
    case assemblyFounded(name: String)
    case inviteCreated(maxUses: Int?, expiresAt: Date)
    case inviteRevoked
    /// The actor joined; the subject is who invited them (nil when the operator did).
    case memberJoined(invitedByOperator: Bool)
    case memberLeft
    /// A member left by deleting their account (their pseudonym is gone with it).
    case accountDeleted
    case proposalMade(proposal: ID<Proposal>, title: String, effect: EffectSummary?)
    case proposalClosed(proposal: ID<Proposal>, title: String, outcome: Decision.Outcome, winners: [String], effect: EffectOutcome?)
    case rulesChanged(proposal: ID<Proposal>, from: AssemblyRules?, to: AssemblyRules?)
    case assemblyRenamed(proposal: ID<Proposal>, from: String?, to: String)
    /// The subject was removed by decision; their pseudonym at the time is kept.
    case memberRemoved(proposal: ID<Proposal>, pseudonym: String)

    /// The kind, for filtering and for the API.
    public var kind: Kind {
        switch self {
        case .assemblyFounded: return .assemblyCreated
        case .inviteCreated: return .inviteCreated
        case .inviteRevoked: return .inviteRevoked
        case .memberJoined: return .memberJoined
        case .memberLeft, .accountDeleted: return .memberLeft
        case .proposalMade: return .proposalCreated
        case .proposalClosed: return .proposalClosed
        case .rulesChanged: return .rulesChanged
        case .assemblyRenamed: return .assemblyRenamed
        case .memberRemoved: return .memberRemoved
        }
    }

    /// The kinds of privileged act that the audit log records.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case assemblyCreated, inviteCreated, inviteRevoked, memberJoined, memberLeft, rulesChanged,
             proposalCreated, proposalClosed, assemblyRenamed, memberRemoved
    }
}

/// Who performed a privileged act.
public enum Actor: Sendable, Hashable {
    case member(ID<Account>)
    /// The server operator, at the command line.
    case `operator`
    /// The assembly itself, by a decision it took.
    case assembly
}
