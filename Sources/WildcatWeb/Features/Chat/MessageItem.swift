import WildcatDomain

/// A message as the `partials/message` template shows it, on pages and in live frames alike.
/// Every field is always present (Mustache looks a missing name up in the enclosing context).
struct MessageItem: Sendable {
    let id: String
    let root: String
    let hasRoot: Bool
    let authorID: String
    let hasAuthor: Bool
    let deleted: Bool
    let isSystem: Bool
    let author: String
    let time: TimeView
    let edited: Bool
    let blocks: [BlockItem]
    let system: SystemPostItem
    let showReplies: Bool
    let repliesLink: String
    let repliesText: String
    let canEdit: Bool
    let editLink: String
    /// Whether the edit link shows (live frames leave it to the page's script, which knows who reads).
    let own: Bool
    /// Reactions made so far, and the form to add or take back one.
    let reactions: [ReactionItem]
    let hasReactions: Bool
    let canReact: Bool
    let reactAction: String
    let choices: [ReactionItem]
    /// The reader's anti-forgery token; empty in live frames, which the page's script fills in.
    let csrf: String
    /// A photo shown in the message, or a file to download.
    let hasImage: Bool
    let hasFile: Bool
    let fileLink: String
    let fileName: String
    let fileSize: String
    let fileWidth: Int
    let fileHeight: Int

    /// `own` shows the author's edit link; `inThread` drops the replies link.
    init(_ message: Message, own: Bool, inThread: Bool = false, reactions: [ReactionCount] = [], csrf: String = "", canReact: Bool = true) {
        let counts = Dictionary(uniqueKeysWithValues: reactions.map { ($0.reaction, $0) })
        self.reactions = reactions.map { ReactionItem(reaction: $0.reaction, count: $0.count, mine: $0.mine) }
        hasReactions = !reactions.isEmpty
        self.canReact = canReact && !message.deleted && message.system == nil
        reactAction = Paths.react(message.id, channel: message.channelID, in: message.assemblyID)
        choices = Reaction.allCases.map { ReactionItem(reaction: $0, count: counts[$0]?.count ?? 0, mine: counts[$0]?.mine ?? false) }
        self.csrf = csrf
        let assembly = message.assemblyID, channel = message.channelID
        let file = message.deleted ? nil : message.attachment
        hasImage = file?.kind == .image
        hasFile = file?.kind == .file
        fileLink = file.map { Paths.attachment($0.id, channel: channel, in: assembly) } ?? ""
        fileName = file?.name ?? ""
        fileSize = file.map { ByteCountText.text($0.size) } ?? ""
        fileWidth = file?.width ?? 0
        fileHeight = file?.height ?? 0
        id = message.id.rawValue
        root = message.threadRoot?.rawValue ?? ""
        hasRoot = message.threadRoot != nil
        authorID = message.authorID?.rawValue ?? ""
        hasAuthor = message.authorID != nil
        deleted = message.deleted
        isSystem = message.system != nil
        author = message.author ?? "a former member"
        time = TimeView(message.createdAt)
        edited = message.editedAt != nil
        blocks = message.deleted || message.system != nil ? [] : BlockItem.blocks(message.body)
        system = SystemPostItem(message.system, assembly: assembly)
        // A deleted message stays only to hold its replies: no "Reply" link under it.
        showReplies = !inThread && message.threadRoot == nil && !(message.deleted && message.replyCount == 0)
        repliesLink = Paths.thread(message.threadRoot ?? message.id, channel: channel, in: assembly)
        repliesText = message.replyCount == 0 ? "Reply" : message.replyCount == 1 ? "1 reply" : "\(message.replyCount) replies"
        canEdit = !message.deleted && message.system == nil
        editLink = Paths.editMessage(message.id, channel: channel, in: assembly)
        self.own = own
    }
}

/// One reaction as a button shows it: "👍 3".
struct ReactionItem: Sendable {
    let value: String
    let emoji: String
    let label: String
    let count: Int
    let mine: Bool

    init(reaction: Reaction, count: Int, mine: Bool) {
        value = reaction.rawValue
        emoji = reaction.emoji
        label = reaction.label
        self.count = count
        self.mine = mine
    }
}

/// A system post's words and link.
struct SystemPostItem: Sendable {
    let lead: String
    let title: String
    let tail: String
    let link: String

    init(_ post: SystemPost?, assembly: ID<Assembly>) {
        switch post {
        case .proposalOpened(let proposal, let title)?:
            (lead, self.title, tail, link) = ("New proposal:", title, "Discuss it in this thread.", Paths.proposal(proposal, in: assembly))
        case .proposalClosed(let proposal, let title, let outcome, let winners)?:
            let result: String
            switch outcome {
            case .passed: result = "Passed."
            case .failed: result = "Did not pass."
            case .decided: result = "Decided: \(winners.joined(separator: ", "))."
            case .noQuorum: result = "No decision: the quorum was not reached."
            }
            (lead, self.title, tail, link) = ("Vote closed:", title, result, Paths.proposal(proposal, in: assembly))
        case .bodyDecided(let body, let name, let council, let proposal, let title, let outcome, let winners, let forRatification)?:
            let result: String
            switch outcome {
            case .passed: result = forRatification ? "Passed; it goes to the assemblies for ratification." : "Passed."
            case .failed: result = "Did not pass."
            case .decided: result = "Decided: \(winners.joined(separator: ", "))."
            case .noQuorum: result = "No decision: the quorum was not reached."
            }
            let answer = council ? " It binds no assembly that has not ratified it." : " The assembly may overturn it by its own decision."
            (lead, self.title, tail, link) = ("\(council ? "The council" : "The committee") \(name) decided:", title, result + (outcome == .passed || outcome == .decided ? answer : ""),
                                              Paths.proposal(proposal, in: body))
        case .seatVacant(let committee, let name, let pseudonym, let recalled)?:
            let why = recalled ? "\(pseudonym) was recalled from \(name)" : "\(pseudonym)'s term on \(name) ended"
            (lead, self.title, tail, link) = ("\(why): the seat is vacant.", "Propose a by-election", "",
                                              Paths.newProposal(assembly, method: .stv, effect: .elect, committee: committee))
        case nil:
            (lead, title, tail, link) = ("", "", "", "")
        }
    }
}

/// A paragraph or a quote of the chat markup, for `partials/body`.
struct BlockItem: Sendable {
    struct Paragraph: Sendable {
        let inlines: [InlineItem]
    }

    let isQuote: Bool
    let paragraphs: [Paragraph]

    static func blocks(_ text: String) -> [BlockItem] {
        Markup.parse(text).map { block in
            switch block {
            case .paragraph(let inlines): return BlockItem(isQuote: false, paragraphs: [Paragraph(inlines: inlines.map(InlineItem.init))])
            case .quote(let paragraphs): return BlockItem(isQuote: true, paragraphs: paragraphs.map { Paragraph(inlines: $0.map(InlineItem.init)) })
            }
        }
    }
}

/// A run of text inside a paragraph, for the recursive `partials/inline`.
struct InlineItem: Sendable {
    let isText: Bool
    let isBreak: Bool
    let isBold: Bool
    let isItalic: Bool
    let isLink: Bool
    let isMention: Bool
    let text: String
    let url: String
    let key: String
    let children: [InlineItem]

    init(_ inline: Markup.Inline) {
        var (text, url, key, children) = ("", "", "", [InlineItem]())
        var kind = 0
        switch inline {
        case .text(let value): text = value
        case .lineBreak: kind = 1
        case .bold(let inner): kind = 2; children = inner.map(InlineItem.init)
        case .italic(let inner): kind = 3; children = inner.map(InlineItem.init)
        case .link(let target): kind = 4; url = target
        case .mention(let name, let folded): kind = 5; text = name; key = folded
        }
        (isText, isBreak, isBold, isItalic, isLink, isMention) = (kind == 0, kind == 1, kind == 2, kind == 3, kind == 4, kind == 5)
        (self.text, self.url, self.key, self.children) = (text, url, key, children)
    }
}

/// "840 KB", "3.2 MB": a file's size as a person reads it.
enum ByteCountText {
    static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
