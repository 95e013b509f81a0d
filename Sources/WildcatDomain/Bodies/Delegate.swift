import Foundation

/// A member of an assembly holding a seat in one of its committees: who they are, what they
/// are sent to do (their mandate, changed only by the assembly's decision) and until when.
public struct Delegate: Sendable, Hashable {
    public let committee: ID<Assembly>
    public let account: ID<Account>
    public let pseudonym: String
    /// The assembly that elected them, and alone may recall them.
    public let sentBy: ID<Assembly>
    public let mandate: String
    /// The decisions that gave or changed the mandate, newest last.
    public let decisions: [ID<Proposal>]
    public let electedAt: Date
    public let termEndsAt: Date?

    public init(committee: ID<Assembly>, account: ID<Account>, pseudonym: String, sentBy: ID<Assembly>, mandate: String,
                decisions: [ID<Proposal>], electedAt: Date, termEndsAt: Date?) {
        self.committee = committee
        self.account = account
        self.pseudonym = pseudonym
        self.sentBy = sentBy
        self.mandate = mandate
        self.decisions = decisions
        self.electedAt = electedAt
        self.termEndsAt = termEndsAt
    }
}

/// A committee of an assembly as its members see it: its charter and who holds its seats. Also
/// an assembly's delegation to a council (`kind` council): the council's charter, and the
/// delegates this assembly sent.
public struct Committee: Sendable, Hashable {
    public let id: ID<Assembly>
    public let name: String
    public let assembly: ID<Assembly>
    public let charter: Charter
    public let delegates: [Delegate]
    public let kind: AssemblyKind
    /// Rotation: members (of the sending assembly) who have served the most terms the charter allows.
    public let termsServed: Set<ID<Account>>

    public init(id: ID<Assembly>, name: String, assembly: ID<Assembly>, charter: Charter, delegates: [Delegate], kind: AssemblyKind = .committee,
                termsServed: Set<ID<Account>> = []) {
        self.termsServed = termsServed
        self.id = id
        self.name = name
        self.assembly = assembly
        self.charter = charter
        self.delegates = delegates
        self.kind = kind
    }

    /// Seats no delegate holds.
    public var vacancies: Int { max(0, charter.seats - delegates.count) }

    /// A committee (one assembly's); otherwise a council (this is the assembly's delegation to it).
    public var isCommittee: Bool { kind == .committee }
}

/// A council as a proposal to join or leave it names it.
public struct CouncilRef: Sendable, Hashable {
    public let id: ID<Assembly>
    public let name: String
    /// Whether the deciding assembly is a member already.
    public let joined: Bool

    public init(id: ID<Assembly>, name: String, joined: Bool) {
        self.id = id
        self.name = name
        self.joined = joined
    }
}
