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
    case committeeCreated(proposal: ID<Proposal>, name: String, charter: Charter)
    case delegatesElected(proposal: ID<Proposal>, committee: String, pseudonyms: [String])
    case delegateRecalled(proposal: ID<Proposal>, committee: String, pseudonym: String)
    case mandateChanged(proposal: ID<Proposal>, committee: String, pseudonym: String)
    /// The actor opened a petition to recall the subject from the committee.
    case recallPetitionOpened(committee: String, pseudonym: String)
    /// In a committee's own log: the subject took a seat, by the decision of the assembly.
    case delegateSeated(assembly: String, proposal: ID<Proposal>?)
    /// In a committee's own log: the subject lost the seat (recalled, their term ended, or they
    /// left the assembly). Older lines have no `termEnded`.
    case delegateUnseated(assembly: String, recalled: Bool, termEnded: Bool? = nil)
    /// The assembly founded (or joined) a council by this decision.
    case councilJoined(proposal: ID<Proposal>, council: String, founded: Bool)
    case councilLeft(proposal: ID<Proposal>, council: String)
    /// The assembly asked to join the council by this decision (its delegates decide).
    case councilJoinAsked(proposal: ID<Proposal>, council: String)
    /// The council's delegates did not admit the assembly.
    case councilRefused(council: String)
    /// In a council's own log: an assembly joined or left it.
    case councilMembership(assembly: String, joined: Bool)
    /// In a council's own log: its assemblies ratified (or rejected) a decision.
    case ratificationDecided(proposal: ID<Proposal>, ratified: Bool)
    case solidarityCallSent(proposal: ID<Proposal>, to: String, what: String)
    case solidarityCallAnswered(proposal: ID<Proposal>, from: String, answer: SolidarityCall.Answer?)

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
        case .committeeCreated: return .committeeCreated
        case .delegatesElected, .delegateSeated: return .delegatesElected
        case .delegateRecalled, .delegateUnseated: return .delegateRecalled
        case .mandateChanged: return .mandateChanged
        case .recallPetitionOpened: return .recallPetitionOpened
        case .councilJoined, .councilLeft, .councilMembership, .councilJoinAsked, .councilRefused: return .councilMembership
        case .ratificationDecided: return .ratificationDecided
        case .solidarityCallSent, .solidarityCallAnswered: return .solidarityCall
        }
    }

    /// The kinds of privileged act that the audit log records.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case assemblyCreated, inviteCreated, inviteRevoked, memberJoined, memberLeft, rulesChanged,
             proposalCreated, proposalClosed, assemblyRenamed, memberRemoved, committeeCreated, delegatesElected, delegateRecalled,
             mandateChanged, recallPetitionOpened, councilMembership, ratificationDecided, solidarityCall
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
