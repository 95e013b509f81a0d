import Foundation

/// Two members of an assembly writing to each other, inside that assembly: its retention rule
/// applies, and the conversation can be read and written only while both belong to it.
public struct Conversation: Sendable, Hashable {
    public let id: ID<Conversation>
    public let assemblyID: ID<Assembly>
    /// The pair in a fixed order (`pair(_:_:)`), so a pair has one conversation per assembly.
    public let first: ID<Account>
    public let second: ID<Account>
    public let firstName: String
    public let secondName: String
    public let createdAt: Date

    public init(id: ID<Conversation>, assemblyID: ID<Assembly>, first: ID<Account>, second: ID<Account>, firstName: String, secondName: String,
                createdAt: Date) {
        self.id = id
        self.assemblyID = assemblyID
        self.first = first
        self.second = second
        self.firstName = firstName
        self.secondName = secondName
        self.createdAt = createdAt
    }

    public var members: Set<ID<Account>> { [first, second] }

    public func includes(_ account: ID<Account>) -> Bool { account == first || account == second }

    /// The other member's pseudonym, as one of them reads it.
    public func otherName(for reader: ID<Account>) -> String { reader == first ? secondName : firstName }

    /// The two in their stored order; writing to oneself is refused.
    public static func pair(_ a: ID<Account>, _ b: ID<Account>) throws(InputError) -> (first: ID<Account>, second: ID<Account>) {
        guard a != b else { throw InputError(field: "to", "You cannot write a direct message to yourself.") }
        return a.rawValue < b.rawValue ? (a, b) : (b, a)
    }
}

/// A conversation as its list shows it to one of the two.
public struct ConversationSummary: Sendable, Hashable {
    public let conversation: Conversation
    public let lastAt: Date?

    public init(conversation: Conversation, lastAt: Date?) {
        self.conversation = conversation
        self.lastAt = lastAt
    }
}
