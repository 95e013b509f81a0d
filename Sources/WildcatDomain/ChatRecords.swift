import Foundation

/// A chat room inside an assembly.
public struct Channel: Sendable, Hashable {
    public let id: ID<Channel>
    public let assemblyID: ID<Assembly>
    public let name: String
    public let createdAt: Date

    public init(id: ID<Channel>, assemblyID: ID<Assembly>, name: String, createdAt: Date) {
        self.id = id
        self.assemblyID = assemblyID
        self.name = name
        self.createdAt = createdAt
    }
}

/// A channel as one member sees it in a list.
public struct ChannelSummary: Sendable, Hashable {
    public let channel: Channel
    /// Messages by others since the member last read the channel.
    public let unread: Int

    public init(channel: Channel, unread: Int) {
        self.channel = channel
        self.unread = unread
    }
}

/// A chat message or a reply in a thread. A deleted message keeps its place (so replies keep
/// theirs) but loses its text and its author.
public struct Message: Sendable, Hashable, Codable {
    public let id: Int64
    public let channelID: ID<Channel>
    public let assemblyID: ID<Assembly>
    public let authorID: ID<Account>?
    public let author: String?
    public let threadRootID: Int64?
    public let body: String
    public let createdAt: Date
    public let editedAt: Date?
    public let deleted: Bool
    public let replyCount: Int

    public init(id: Int64, channelID: ID<Channel>, assemblyID: ID<Assembly>, authorID: ID<Account>?, author: String?,
                threadRootID: Int64?, body: String, createdAt: Date, editedAt: Date?, deleted: Bool, replyCount: Int) {
        self.id = id
        self.channelID = channelID
        self.assemblyID = assemblyID
        self.authorID = authorID
        self.author = author
        self.threadRootID = threadRootID
        self.body = body
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.deleted = deleted
        self.replyCount = replyCount
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

/// Something that happened, delivered live to the members entitled to see it and kept for a
/// while so a reconnecting page can catch up from the last id it saw.
public struct LiveEvent: Sendable, Hashable {
    /// What happened; decides who may receive it (see `audience`).
    public enum Kind: String, Sendable, Codable {
        /// A message was posted, edited or deleted; the payload is its current state.
        case message
        case channelCreated
        case memberJoined
        case memberLeft
        /// Someone was mentioned: only they receive it.
        case mention
        /// A proposal was made or closed.
        case proposal
    }

    public let id: Int64
    public let assemblyID: ID<Assembly>
    public let channelID: ID<Channel>?
    /// The member concerned: who joined or left, or who was mentioned.
    public let accountID: ID<Account>?
    public let kind: Kind
    /// JSON describing the event (a message's state, a channel, a member).
    public let payload: String

    public init(id: Int64, assemblyID: ID<Assembly>, channelID: ID<Channel>?, accountID: ID<Account>?, kind: Kind, payload: String) {
        self.id = id
        self.assemblyID = assemblyID
        self.channelID = channelID
        self.accountID = accountID
        self.kind = kind
        self.payload = payload
    }

    /// Who may receive this event.
    public enum Audience: Sendable, Hashable {
        /// Every current member of the assembly.
        case members(ID<Assembly>)
        /// One member of the assembly only.
        case member(ID<Assembly>, ID<Account>)
    }

    public var audience: Audience {
        if kind == .mention, let accountID { return .member(assemblyID, accountID) }
        return .members(assemblyID)
    }

    /// Whether an account with these memberships may receive the event.
    public func isVisible(to account: ID<Account>, memberOf assemblies: Set<ID<Assembly>>) -> Bool {
        switch audience {
        case .members(let assembly): return assemblies.contains(assembly)
        case .member(let assembly, let member): return member == account && assemblies.contains(assembly)
        }
    }
}
