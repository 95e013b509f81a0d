import WildcatDomain

struct DirectListView: Sendable {
    struct Item: Sendable {
        let link: String
        let name: String
        let time: TimeView?
        let hasTime: Bool
    }

    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let action: String
    let conversations: [Item]
    let hasConversations: Bool
    let to: String
    let error: String?
}

struct ConversationView: Sendable {
    let chrome: PageChrome
    let me: String
    /// Sealed (see `LiveCursor`).
    let after: String
    let assembly: String
    let conversation: String
    let assemblyLink: String
    let assemblyName: String
    let listLink: String
    let other: String
    let messages: [DirectMessageItem]
    let hasMessages: Bool
    let sendAction: String
    let draft: String
    let error: String?
}

/// A direct message as `partials/direct-message` shows it, on the page and in live frames.
struct DirectMessageItem: Sendable {
    let id: String
    let authorID: String
    let author: String
    let time: TimeView
    let blocks: [BlockItem]
    /// The author's delete button; live frames carry it hidden, and the page's script shows it
    /// to the author and fills in the anti-forgery token.
    let own: Bool
    let deleteAction: String
    let csrf: String

    init(_ message: DirectMessage, own: Bool, csrf: String = "") {
        id = message.id.rawValue
        authorID = message.authorID.rawValue
        author = message.author
        time = TimeView(message.createdAt)
        blocks = BlockItem.blocks(message.body)
        self.own = own
        deleteAction = Paths.deleteDirect(message.id, conversation: message.conversationID, in: message.assemblyID)
        self.csrf = csrf
    }
}
