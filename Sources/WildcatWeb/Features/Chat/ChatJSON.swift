import Foundation
import Hummingbird
import WildcatDomain

struct CountJSON: ResponseEncodable { let count: Int }

struct ChannelJSON: ResponseEncodable {
    let id: String
    let name: String
    let createdAt: Date
    let unread: Int
    init(_ summary: ChannelSummary) {
        id = summary.channel.id.rawValue
        name = summary.channel.name
        createdAt = summary.channel.createdAt
        unread = summary.unread
    }
}

struct MessageJSON: ResponseEncodable {
    /// Random: it counts nothing.
    let id: String
    let channelId: String
    let authorId: String?
    let author: String?
    let threadRoot: String?
    let body: String
    let createdAt: Date
    let editedAt: Date?
    let deleted: Bool
    let replyCount: Int
    /// For a post by the platform itself, what it announces.
    let system: SystemPost?
    init(_ message: Message) {
        id = message.id.rawValue
        channelId = message.channelID.rawValue
        authorId = message.authorID?.rawValue
        author = message.author
        threadRoot = message.threadRoot?.rawValue
        body = message.body
        createdAt = message.createdAt
        editedAt = message.editedAt
        deleted = message.deleted
        replyCount = message.replyCount
        system = message.system
    }
}

struct ThreadJSON: ResponseEncodable {
    let root: MessageJSON
    let replies: [MessageJSON]
}

struct EditJSON: ResponseEncodable {
    let body: String
    let replacedAt: Date
}
