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
