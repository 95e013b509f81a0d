import Foundation
import Metrics
import WildcatDomain
import WildcatImages
import WildcatStore

/// Channels, messages, threads, edits and read markers. Shared by the pages and the API.
struct ChatService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    func channels(of assembly: Assembly, for account: Account) async throws -> [ChannelSummary] {
        try await store.channels(of: assembly.id, for: account.id)
    }

    /// The channel, checked to belong to the assembly.
    func channel(_ id: ID<Channel>, in assembly: Assembly) async throws -> Channel {
        guard let channel = try await store.channel(id, in: assembly.id) else { throw Refusal.notFound }
        return channel
    }

    func createChannel(in assembly: Assembly, _ request: ChannelRequest) async throws -> Channel {
        try await store.createChannel(in: assembly.id, name: try ChannelName(request.name), now: now)
    }

    /// Posts a message or a reply, at most `messagesPerMember` per window for each member.
    func post(in assembly: Assembly, channel: ID<Channel>, by account: Account, _ request: MessageRequest) async throws -> Message {
        // Refused text does not count against the limit: fixing a typo is not a flood.
        let text = try MessageText(request.body)
        let now = self.now
        try environment.limiter.check("message:\(account.id)", environment.configuration.rateLimits.messagesPerMember, now: now)
        let message = try await store.postMessage(channelID: channel, assemblyID: assembly.id, author: account, text: text,
                                                  threadRoot: request.threadRoot, now: now)
        Counter(label: "wildcat_messages_posted_total").increment()
        return message
    }

    /// Posts a photo or file with an optional caption, under the same limit as messages. A photo
    /// is cleaned first; nothing is stored if it cannot be.
    func post(in assembly: Assembly, channel: ID<Channel>, by account: Account, caption: String, file: Upload) async throws -> Message {
        let text = caption.allSatisfy(\.isWhitespace) ? nil : try MessageText(caption)
        let rules = environment.images.rules
        let name = try AttachmentName(file.name)
        let attachment: NewAttachment
        switch try rules.take(name: name, declaredType: file.declaredType, size: file.bytes.count, head: file.bytes.prefix(16)) {
        case .image(let format):
            let cleaned = try await environment.images.clean(file.bytes, as: format)
            attachment = NewAttachment(kind: .image, name: name, mediaType: format.mediaType, bytes: cleaned.bytes, width: cleaned.width, height: cleaned.height)
        case .file:
            attachment = NewAttachment(kind: .file, name: name, mediaType: "application/octet-stream", bytes: file.bytes, width: nil, height: nil)
        }
        let now = self.now
        try environment.limiter.check("message:\(account.id)", environment.configuration.rateLimits.messagesPerMember, now: now)
        let message = try await store.postMessage(channelID: channel, assemblyID: assembly.id, author: account, text: text, attachment: attachment,
                                                  threadRoot: nil, now: now)
        Counter(label: "wildcat_messages_posted_total").increment()
        Counter(label: "wildcat_attachments_stored_total", dimensions: [("kind", attachment.kind.rawValue)]).increment()
        return message
    }

    /// A photo or file the reader may fetch: of a channel of the assembly, from their history.
    func attachment(_ id: ID<Attachment>, channel: ID<Channel>, in assembly: Assembly, for reader: Account) async throws -> StoredAttachment {
        guard let stored = try await store.attachment(id, in: assembly.id), stored.channelID == channel else { throw Refusal.notFound }
        if let start = try await historyStart(in: assembly, for: reader), stored.postedAt < start { throw Refusal.notFound }
        return stored
    }

    func edit(_ id: ID<Message>, in assembly: Assembly, by account: Account, _ request: EditRequest) async throws -> Message {
        try await store.editMessage(id, in: assembly.id, by: account.id, text: try MessageText(request.body), now: now)
    }

    func delete(_ id: ID<Message>, in assembly: Assembly, by account: Account) async throws {
        try await store.deleteMessage(id, in: assembly.id, by: account.id, now: now)
    }

    func deleteEverythingWritten(by account: Account) async throws -> Int {
        try await store.deleteAllMessages(by: account.id, now: now)
    }

    /// Where the reader's history starts: by default an assembly's member reads only what was
    /// posted from their joining on; the assembly may vote otherwise. A committee's or council's
    /// delegates, and its observers, read all of it.
    func historyStart(in assembly: Assembly, for reader: Account) async throws -> Date? {
        guard assembly.kind == .assembly, !assembly.rules.newcomersSeeHistory else { return nil }
        return try await store.joinedAt(reader.id, in: assembly.id)
    }

    /// The newest messages, or those before one of the channel's, that the reader may read.
    func messages(in channel: ID<Channel>, of assembly: Assembly, for reader: Account, before: ID<Message>?, limit: Int) async throws -> [Message] {
        let start = try await historyStart(in: assembly, for: reader)
        guard let messages = try await store.messages(in: channel, before: before, limit: limit, visibleFrom: start) else { throw Refusal.notFound }
        return messages
    }

    func message(_ id: ID<Message>, in assembly: Assembly, for reader: Account) async throws -> Message {
        let start = try await historyStart(in: assembly, for: reader)
        guard let message = try await store.message(id, in: assembly.id, visibleFrom: start) else { throw Refusal.notFound }
        return message
    }

    /// The thread a message belongs to (or starts).
    func thread(of id: ID<Message>, in assembly: Assembly, for reader: Account) async throws -> (root: Message, replies: [Message]) {
        let message = try await message(id, in: assembly, for: reader)
        let start = try await historyStart(in: assembly, for: reader)
        guard let thread = try await store.thread(message.threadRoot ?? id, in: message.channelID, visibleFrom: start) else { throw Refusal.notFound }
        return thread
    }

    func thread(_ root: ID<Message>, in channel: ID<Channel>, of assembly: Assembly, for reader: Account) async throws -> (root: Message, replies: [Message]) {
        let start = try await historyStart(in: assembly, for: reader)
        guard let thread = try await store.thread(root, in: channel, visibleFrom: start) else { throw Refusal.notFound }
        return thread
    }

    func edits(of id: ID<Message>, in assembly: Assembly, by account: Account) async throws -> [MessageEdit] {
        guard let edits = try await store.edits(of: id, in: assembly.id, by: account.id) else { throw Refusal.notFound }
        return edits
    }

    func markRead(_ channel: ID<Channel>, in assembly: Assembly, by account: Account, upTo: ID<Message>) async throws {
        _ = try await self.channel(channel, in: assembly)
        guard try await store.markRead(channelID: channel, by: account.id, upTo: upTo) else {
            throw InputError(field: "upTo", "upTo names no message of this channel.")
        }
    }

    /// Messages of the assembly's channels with every word, newest first, that the reader may read.
    func search(_ text: String, in assembly: Assembly, for reader: Account) async throws -> [Message] {
        let query = try SearchQuery(text)
        return try await store.search(query, in: assembly.id, visibleFrom: try await historyStart(in: assembly, for: reader))
    }

    /// Adds the member's reaction to a message they can read, or takes it back.
    func react(_ reaction: Reaction, to message: ID<Message>, in assembly: Assembly, by account: Account) async throws -> [ReactionCount] {
        let start = try await historyStart(in: assembly, for: account)
        return try await store.toggleReaction(reaction, on: message, in: assembly.id, by: account.id, visibleFrom: start, now: now)
    }

    func liveCursor() async throws -> String { try await environment.liveCursor() }
}
