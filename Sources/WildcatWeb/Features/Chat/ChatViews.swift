/// What the chat pages show.

/// The live script's settings, on the page's body element.
struct LiveAttributes: Sendable {
    let mode: String
    let me: String
    /// Sealed (see `LiveCursor`).
    let after: String
    let assembly: String
    let channel: String
    let root: String
    /// On a proposal's page: which proposal's closing reloads it.
    var proposal: String = ""
}

struct ChannelView: Sendable {
    struct Item: Sendable {
        let id: String
        let link: String
        let name: String
        let unread: Int
        let hasUnread: Bool
        let current: Bool
    }

    let chrome: PageChrome
    let live: LiveAttributes
    let searchLink: String
    let directLink: String
    let assemblyLink: String
    let assemblyName: String
    let channelName: String
    let channels: [Item]
    let messages: [MessageItem]
    let olderLink: String?
    let latestLink: String?
    let hasMessages: Bool
    let postAction: String
    /// A delegate (or any assembly member) writes; an observer of a committee reads.
    let canPost: Bool
    let draft: String
    let error: String?
    /// Where a photo or file is sent, and the most it may weigh, in MB.
    let uploadAction: String
    let uploadLimit: Int
    /// Why the last photo or file was refused, and its caption to send again.
    let uploadError: String?
    let caption: String
}

struct ThreadView: Sendable {
    let chrome: PageChrome
    let live: LiveAttributes
    let assemblyLink: String
    let assemblyName: String
    let channelLink: String
    let channelName: String
    let rootID: String
    let root: MessageItem
    let replies: [MessageItem]
    let postAction: String
    let canPost: Bool
    let draft: String
    let error: String?
}

struct EditMessageView: Sendable {
    struct Edit: Sendable {
        let body: String
        let replaced: TimeView
    }

    let chrome: PageChrome
    let action: String
    let deleteAction: String
    let backTo: String
    let body: String
    let history: [Edit]
    let hasHistory: Bool
    let error: String?
}

/// A search of the assembly's messages and what it found.
struct SearchView: Sendable {
    struct Result: Sendable {
        let author: String
        let channel: String
        let time: TimeView
        let excerpt: String
        let link: String
    }

    let chrome: PageChrome
    let assemblyLink: String
    let assemblyName: String
    let action: String
    let query: String
    let searched: Bool
    let error: String?
    let hasResults: Bool
    let results: [Result]
}
