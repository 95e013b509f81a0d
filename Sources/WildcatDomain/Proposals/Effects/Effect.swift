import Foundation

/// What a proposal does if it is decided, carried out by the platform at once. Each effect is
/// one type in its own file holding its rules (validation, what it does, what it records);
/// this enum is the registry of them. A new effect is one new file plus a case here.
public enum Effect: Sendable, Hashable {
    case changeRules(ChangeRules)
    case renameAssembly(RenameAssembly)
    case removeMember(RemoveMember)
    case admitPerson(AdmitPerson)
    case createCommittee(CreateCommittee)
    case electDelegates(ElectDelegates)
    case recallDelegate(RecallDelegate)
    case changeMandate(ChangeMandate)
    case foundCouncil(FoundCouncil)
    case joinCouncil(JoinCouncil)
    case leaveCouncil(LeaveCouncil)
    case ratifyDecision(RatifyDecision)
    case sendCall(SendCall)
    case answerCall(AnswerCall)
    case admitAssembly(AdmitAssembly)
    case decideAction(DecideAction)
    case decideDemand(DecideDemand)

    /// The effect's own rules.
    public var definition: any EffectDefinition {
        switch self {
        case .changeRules(let effect): return effect
        case .renameAssembly(let effect): return effect
        case .removeMember(let effect): return effect
        case .admitPerson(let effect): return effect
        case .createCommittee(let effect): return effect
        case .electDelegates(let effect): return effect
        case .recallDelegate(let effect): return effect
        case .changeMandate(let effect): return effect
        case .foundCouncil(let effect): return effect
        case .joinCouncil(let effect): return effect
        case .leaveCouncil(let effect): return effect
        case .ratifyDecision(let effect): return effect
        case .sendCall(let effect): return effect
        case .answerCall(let effect): return effect
        case .admitAssembly(let effect): return effect
        case .decideAction(let effect): return effect
        case .decideDemand(let effect): return effect
        }
    }

    /// The same effect with its own values checked (and cleaned) for this draft.
    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> Effect {
        guard type(of: definition).accepts(draft.method) else {
            throw InputError(field: "effect", "A \(draft.method.rawValue) decision cannot carry out this action; choose another method.")
        }
        switch self {
        case .changeRules(let effect): return .changeRules(try effect.validated(for: draft, rules: rules))
        case .renameAssembly(let effect): return .renameAssembly(try effect.validated(for: draft, rules: rules))
        case .removeMember(let effect): return .removeMember(try effect.validated(for: draft, rules: rules))
        case .admitPerson(let effect): return .admitPerson(try effect.validated(for: draft, rules: rules))
        case .createCommittee(let effect): return .createCommittee(try effect.validated(for: draft, rules: rules))
        case .electDelegates(let effect): return .electDelegates(try effect.validated(for: draft, rules: rules))
        case .recallDelegate(let effect): return .recallDelegate(try effect.validated(for: draft, rules: rules))
        case .changeMandate(let effect): return .changeMandate(try effect.validated(for: draft, rules: rules))
        case .foundCouncil(let effect): return .foundCouncil(try effect.validated(for: draft, rules: rules))
        case .joinCouncil(let effect): return .joinCouncil(try effect.validated(for: draft, rules: rules))
        case .leaveCouncil(let effect): return .leaveCouncil(try effect.validated(for: draft, rules: rules))
        case .ratifyDecision(let effect): return .ratifyDecision(try effect.validated(for: draft, rules: rules))
        case .sendCall(let effect): return .sendCall(try effect.validated(for: draft, rules: rules))
        case .answerCall(let effect): return .answerCall(try effect.validated(for: draft, rules: rules))
        case .admitAssembly(let effect): return .admitAssembly(try effect.validated(for: draft, rules: rules))
        // Made from a record the member chose, checked when it was made.
        case .decideAction, .decideDemand: return self
        }
    }
}

/// The rules of one kind of effect. Pure: the store carries out the steps it returns.
public protocol EffectDefinition: Sendable {
    /// Whether a decision by this method can carry the effect out.
    static func accepts(_ method: DecisionMethod) -> Bool
    /// What it will do, as members read it before they vote.
    func summary(rules: AssemblyRules) -> EffectSummary
    /// Members whose membership at closing it needs to know.
    var concerns: [ID<Account>] { get }
    /// What closing the proposal does: when it was decided, and when it was not.
    func resolve(_ closing: EffectClosing) -> EffectResolution
}

extension EffectDefinition {
    public var concerns: [ID<Account>] { [] }
}

/// What an effect learns when its proposal closes.
public struct EffectClosing: Sendable {
    public let proposal: ID<Proposal>
    public let outcome: Decision.Outcome
    /// The winners, for a decision among options.
    public let winners: [String]
    public let assembly: AssemblySnapshot

    public init(proposal: ID<Proposal>, outcome: Decision.Outcome, winners: [String], assembly: AssemblySnapshot) {
        self.proposal = proposal
        self.outcome = outcome
        self.winners = winners
        self.assembly = assembly
    }
}

/// The assembly as it stands at the moment a proposal closes.
public struct AssemblySnapshot: Sendable, Hashable {
    public let name: String
    public let rules: AssemblyRules
    public let memberCount: Int
    /// Of the accounts the effect concerns, those still members.
    public let members: Set<ID<Account>>
    /// The assembly's committees: their seats and who holds them.
    public let committees: [ID<Assembly>: Seats]

    public struct Seats: Sendable, Hashable {
        public let seats: Int
        public let delegates: Set<ID<Account>>
        /// Rotation: members who have served the most terms the charter allows.
        public let termsServed: Set<ID<Account>>

        public init(seats: Int, delegates: Set<ID<Account>>, termsServed: Set<ID<Account>> = []) {
            self.seats = seats
            self.delegates = delegates
            self.termsServed = termsServed
        }

        public var vacancies: Int { max(0, seats - delegates.count) }
    }

    public init(name: String, rules: AssemblyRules, memberCount: Int, members: Set<ID<Account>>, committees: [ID<Assembly>: Seats] = [:]) {
        self.name = name
        self.rules = rules
        self.memberCount = memberCount
        self.members = members
        self.committees = committees
    }
}

/// One change for the store to make, in the closing transaction.
public enum EffectStep: Sendable, Hashable {
    case setRules(AssemblyRules)
    case rename(String)
    /// Ends the membership (and the member's live delivery in the assembly).
    case removeMember(ID<Account>)
    /// An invite held for a decision becomes usable.
    case releaseInvite(ID<Invite>)
    case revokeInvite(ID<Invite>)
    /// A new committee of the assembly, with its own #general channel.
    case createCommittee(name: String, charter: Charter)
    /// These members take seats in the committee, in this order, carrying its mandate.
    case seatDelegates(committee: ID<Assembly>, [ID<Account>])
    /// The delegate loses the seat, and with it the committee (its channel, its votes).
    case unseatDelegate(committee: ID<Assembly>, ID<Account>)
    case setMandate(committee: ID<Assembly>, ID<Account>, String)
    /// A new council, with the deciding assembly as its first member.
    case foundCouncil(name: String, charter: Charter)
    /// The assembly asks the council to admit it: a vote of its delegates opens there.
    case askToJoin(ID<Assembly>)
    /// The council admits the assembly (this step runs in the council's closing).
    case admitAssembly(ID<Assembly>)
    case refuseAssembly(ID<Assembly>)
    /// The assembly leaves; its delegates there lose their seats.
    case leaveCouncil(ID<Assembly>)
    /// The council's decision (this proposal) goes to each member assembly for ratification.
    case requestRatification
    /// A member assembly answered the council decision sent for ratification.
    case ratify(council: ID<Assembly>, proposal: ID<Proposal>, ratified: Bool)
    /// The call goes out; each receiving assembly gets a vote on its answer.
    case sendCall(to: ID<Assembly>, CallRequest)
    /// A receiving assembly's answer (nil: it decided none).
    case answerCall(ID<SolidarityCall>, SolidarityCall.Answer?)
    case decideAction(ID<Action>, ActionDecision)
    case setDemand(ID<Demand>, Demand.Status)
}

/// A line for the audit log: the fact, and the member it concerns, if any.
public struct AuditRecord: Sendable, Hashable {
    public let subject: ID<Account>?
    public let fact: AuditFact

    public init(subject: ID<Account>? = nil, _ fact: AuditFact) {
        self.subject = subject
        self.fact = fact
    }
}

/// What an effect does at closing.
public struct EffectResolution: Sendable, Hashable {
    public let outcome: EffectOutcome?
    public let steps: [EffectStep]
    public let audit: [AuditRecord]

    public init(outcome: EffectOutcome?, steps: [EffectStep] = [], audit: [AuditRecord] = []) {
        self.outcome = outcome
        self.steps = steps
        self.audit = audit
    }

    public static let nothing = EffectResolution(outcome: nil)
}

extension Effect: Codable {
    private enum Kind: String, CodingKey {
        case changeRules, renameAssembly, removeMember, admitPerson, createCommittee, electDelegates, recallDelegate, changeMandate, foundCouncil,
             joinCouncil, leaveCouncil, ratifyDecision, sendCall, answerCall, admitAssembly, decideAction, decideDemand
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Kind.self)
        guard let kind = c.allKeys.first, c.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an effect names exactly one kind"))
        }
        switch kind {
        case .changeRules: self = .changeRules(try c.decode(ChangeRules.self, forKey: kind))
        case .renameAssembly: self = .renameAssembly(try c.decode(RenameAssembly.self, forKey: kind))
        case .removeMember: self = .removeMember(try c.decode(RemoveMember.self, forKey: kind))
        case .admitPerson: self = .admitPerson(try c.decode(AdmitPerson.self, forKey: kind))
        case .createCommittee: self = .createCommittee(try c.decode(CreateCommittee.self, forKey: kind))
        case .electDelegates: self = .electDelegates(try c.decode(ElectDelegates.self, forKey: kind))
        case .recallDelegate: self = .recallDelegate(try c.decode(RecallDelegate.self, forKey: kind))
        case .changeMandate: self = .changeMandate(try c.decode(ChangeMandate.self, forKey: kind))
        case .foundCouncil: self = .foundCouncil(try c.decode(FoundCouncil.self, forKey: kind))
        case .joinCouncil: self = .joinCouncil(try c.decode(JoinCouncil.self, forKey: kind))
        case .leaveCouncil: self = .leaveCouncil(try c.decode(LeaveCouncil.self, forKey: kind))
        case .ratifyDecision: self = .ratifyDecision(try c.decode(RatifyDecision.self, forKey: kind))
        case .sendCall: self = .sendCall(try c.decode(SendCall.self, forKey: kind))
        case .answerCall: self = .answerCall(try c.decode(AnswerCall.self, forKey: kind))
        case .admitAssembly: self = .admitAssembly(try c.decode(AdmitAssembly.self, forKey: kind))
        case .decideAction: self = .decideAction(try c.decode(DecideAction.self, forKey: kind))
        case .decideDemand: self = .decideDemand(try c.decode(DecideDemand.self, forKey: kind))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Kind.self)
        switch self {
        case .changeRules(let effect): try c.encode(effect, forKey: .changeRules)
        case .renameAssembly(let effect): try c.encode(effect, forKey: .renameAssembly)
        case .removeMember(let effect): try c.encode(effect, forKey: .removeMember)
        case .admitPerson(let effect): try c.encode(effect, forKey: .admitPerson)
        case .createCommittee(let effect): try c.encode(effect, forKey: .createCommittee)
        case .electDelegates(let effect): try c.encode(effect, forKey: .electDelegates)
        case .recallDelegate(let effect): try c.encode(effect, forKey: .recallDelegate)
        case .changeMandate(let effect): try c.encode(effect, forKey: .changeMandate)
        case .foundCouncil(let effect): try c.encode(effect, forKey: .foundCouncil)
        case .joinCouncil(let effect): try c.encode(effect, forKey: .joinCouncil)
        case .leaveCouncil(let effect): try c.encode(effect, forKey: .leaveCouncil)
        case .ratifyDecision(let effect): try c.encode(effect, forKey: .ratifyDecision)
        case .sendCall(let effect): try c.encode(effect, forKey: .sendCall)
        case .answerCall(let effect): try c.encode(effect, forKey: .answerCall)
        case .admitAssembly(let effect): try c.encode(effect, forKey: .admitAssembly)
        case .decideAction(let effect): try c.encode(effect, forKey: .decideAction)
        case .decideDemand(let effect): try c.encode(effect, forKey: .decideDemand)
        }
    }
}
