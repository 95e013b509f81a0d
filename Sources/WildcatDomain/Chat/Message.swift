import Foundation

/// A chat message or a reply in a thread. A deleted message keeps its place (so replies keep
/// theirs) but loses its text and its author. A system post has no author: the platform wrote
/// it, and nobody can edit it.
public struct Message: Sendable, Hashable, Codable {
    /// Random: what pages, links and the API name it by. Nothing can be counted from it.
    public let id: ID<Message>
    /// Its place in the server's order of messages: the store's alone, never shown.
    public let position: Int64
    public let channelID: ID<Channel>
    public let assemblyID: ID<Assembly>
    public let authorID: ID<Account>?
    public let author: String?
    /// The thread's first message, for a reply.
    public let threadRoot: ID<Message>?
    public let body: String
    public let createdAt: Date
    public let editedAt: Date?
    public let deleted: Bool
    public let replyCount: Int
    /// What the platform announced, for a system post.
    public let system: SystemPost?
    /// A photo or file sent with it; its text may then be empty.
    public let attachment: Attachment?

    public init(id: ID<Message>, position: Int64, channelID: ID<Channel>, assemblyID: ID<Assembly>, authorID: ID<Account>?, author: String?,
                threadRoot: ID<Message>?, body: String, createdAt: Date, editedAt: Date?, deleted: Bool, replyCount: Int, system: SystemPost? = nil,
                attachment: Attachment? = nil) {
        self.id = id
        self.position = position
        self.channelID = channelID
        self.assemblyID = assemblyID
        self.authorID = authorID
        self.author = author
        self.threadRoot = threadRoot
        self.body = body
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.deleted = deleted
        self.replyCount = replyCount
        self.system = system
        self.attachment = attachment
    }
}

/// An earlier text of an edited message, visible to its author only.
public struct MessageEdit: Sendable, Hashable {
    public let body: String
    public let replacedAt: Date

    public init(body: String, replacedAt: Date) {
        self.body = body
        self.replacedAt = replacedAt
    }
}
