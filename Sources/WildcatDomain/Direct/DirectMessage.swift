import Foundation

/// A message in a conversation of two. Deleting it removes it for both, for real, as in channels.
public struct DirectMessage: Sendable, Hashable, Codable {
    public let id: ID<DirectMessage>
    public let conversationID: ID<Conversation>
    public let assemblyID: ID<Assembly>
    public let authorID: ID<Account>
    public let author: String
    /// The two members of the conversation: the only ones it is ever delivered to.
    public let between: [ID<Account>]
    public let body: String
    public let createdAt: Date
    public let deleted: Bool

    public init(id: ID<DirectMessage>, conversationID: ID<Conversation>, assemblyID: ID<Assembly>, authorID: ID<Account>, author: String,
                between: [ID<Account>], body: String, createdAt: Date, deleted: Bool = false) {
        self.id = id
        self.conversationID = conversationID
        self.assemblyID = assemblyID
        self.authorID = authorID
        self.author = author
        self.between = between
        self.body = body
        self.createdAt = createdAt
        self.deleted = deleted
    }
}
