import Foundation

/// The sovereign body of a group of workers; or one of its committees (see `AssemblyKind`).
public struct Assembly: Sendable, Hashable {
    public let id: ID<Assembly>
    public let name: String
    public let rules: AssemblyRules
    public let createdAt: Date
    public let kind: AssemblyKind
    /// A committee's assembly.
    public let parent: ID<Assembly>?
    /// A committee's charter.
    public let charter: Charter?

    public init(id: ID<Assembly>, name: String, rules: AssemblyRules, createdAt: Date, kind: AssemblyKind = .assembly,
                parent: ID<Assembly>? = nil, charter: Charter? = nil) {
        self.id = id
        self.name = name
        self.rules = rules
        self.createdAt = createdAt
        self.kind = kind
        self.parent = parent
        self.charter = charter
    }

    /// Every assembly has this channel from its founding; its id derives from the assembly's.
    public var generalChannel: ID<Channel> { ID(id.rawValue + "g") }
}

/// A person in an assembly, as other members see them.
public struct Member: Sendable, Hashable {
    public let accountID: ID<Account>
    public let pseudonym: String
    public let joinedAt: Date
    /// The inviter's pseudonym; nil for the founder, the operator or a deleted account.
    public let invitedBy: String?
    public let invitedByOperator: Bool

    public init(accountID: ID<Account>, pseudonym: String, joinedAt: Date, invitedBy: String?, invitedByOperator: Bool) {
        self.accountID = accountID
        self.pseudonym = pseudonym
        self.joinedAt = joinedAt
        self.invitedBy = invitedBy
        self.invitedByOperator = invitedByOperator
    }
}
