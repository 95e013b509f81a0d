import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatImages
import WildcatStore

/// The chat pages: a channel, a thread, editing a message. Every action is a plain form; the
/// page's script only adds live updates and posting without a reload.
struct ChatPages {
    let service: ChatService
    var pages: Pages { service.environment.pages }
    static let pageSize = 50

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.member(.post, "/account/messages/delete", use: deleteEverything)
        routes.assembly(.get, "/c/{channel}", use: channelPage)
        routes.assembly(.post, "/c/{channel}/messages", use: post)
        routes.assembly(.post, "/c/{channel}/read", use: markRead)
        routes.assembly(.get, "/c/{channel}/m/{message}", use: threadPage)
        routes.assembly(.get, "/c/{channel}/m/{message}/edit", use: editPage)
        routes.assembly(.post, "/c/{channel}/m/{message}/edit", use: edit)
        routes.assembly(.post, "/c/{channel}/m/{message}/delete", use: delete)
        routes.assembly(.post, "/c/{channel}/m/{message}/react", use: react)
        routes.assembly(.get, "/search", use: searchPage)
        return routes
    }

    // MARK: Pages

    @Sendable func channelPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderChannel(context: context, channelID: try ChatParameters.channel(context), before: request.uri.queryParameters.get("before").map(ID.init))
    }

    func renderChannel(context: AssemblyContext, channelID: ID<Channel>, before: ID<Message>?, draft: String = "", error: String? = nil,
                       upload: (error: String, caption: String)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = try await service.liveCursor()
        async let channels = service.channels(of: context.assembly, for: context.account)
        async let messages = service.messages(in: channelID, of: context.assembly, for: context.account, before: before, limit: Self.pageSize)
        let list = try await channels
        guard let current = list.first(where: { $0.channel.id == channelID })?.channel else { throw Refusal.notFound }
        let shown = try await messages
        let reactions = try await service.store.reactions(on: shown, viewer: context.account.id)
        if before == nil, let newest = shown.last {
            try await service.store.markRead(channelID: channelID, by: context.account.id, upTo: newest.id)
        }
        let assembly = context.assembly.id
        let view = ChannelView(
            chrome: PageChrome(context),
            live: LiveAttributes(mode: "channel", me: context.account.id.rawValue, after: after, assembly: assembly.rawValue, channel: channelID.rawValue, root: ""),
            searchLink: Paths.search(assembly), directLink: Paths.direct(assembly), assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name, channelName: current.name,
            channels: list.map {
                let unread = $0.channel.id == channelID ? 0 : $0.unread
                return ChannelView.Item(id: $0.channel.id.rawValue, link: Paths.channel($0.channel.id, in: assembly), name: $0.channel.name,
                                        unread: unread, hasUnread: unread > 0, current: $0.channel.id == channelID)
            },
            messages: shown.map { MessageItem($0, own: $0.authorID == context.account.id, reactions: reactions[$0.id] ?? [], csrf: context.csrfToken,
                                              canReact: context.access == .member) },
            olderLink: shown.count == Self.pageSize ? shown.first.map { Paths.channel(channelID, in: assembly, before: $0.id) } : nil,
            latestLink: before == nil ? nil : Paths.channel(channelID, in: assembly),
            hasMessages: !shown.isEmpty, postAction: Paths.postMessage(channelID, in: assembly), canPost: context.access == .member, draft: draft, error: error,
            uploadAction: Paths.upload(channelID, in: assembly), uploadLimit: service.environment.images.rules.maxBytes / (1024 * 1024),
            uploadError: upload?.error, caption: upload?.caption ?? "")
        return pages.render("channel", view, status: status)
    }

    @Sendable func threadPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderThread(context: context, channelID: try ChatParameters.channel(context), rootID: try ChatParameters.message(context))
    }

    private func renderThread(context: AssemblyContext, channelID: ID<Channel>, rootID: ID<Message>, draft: String = "", error: String? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = try await service.liveCursor()
        let channel = try await service.channel(channelID, in: context.assembly)
        let (root, replies) = try await service.thread(rootID, in: channelID, of: context.assembly, for: context.account)
        let assembly = context.assembly.id
        let reactions = try await service.store.reactions(on: [root] + replies, viewer: context.account.id)
        func item(_ message: Message) -> MessageItem {
            MessageItem(message, own: message.authorID == context.account.id, inThread: true, reactions: reactions[message.id] ?? [],
                        csrf: context.csrfToken, canReact: context.access == .member)
        }
        let view = ThreadView(
            chrome: PageChrome(context),
            live: LiveAttributes(mode: "thread", me: context.account.id.rawValue, after: after, assembly: assembly.rawValue,
                                 channel: channel.id.rawValue, root: root.id.rawValue),
            assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name,
            channelLink: Paths.inChannel(root.id, channel: channel.id, in: assembly), channelName: channel.name,
            rootID: root.id.rawValue, root: item(root), replies: replies.map(item),
            postAction: Paths.postMessage(channel.id, in: assembly), canPost: context.access == .member, draft: draft, error: error)
        return pages.render("thread", view, status: status)
    }

    @Sendable func editPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderEdit(context: context, channelID: try ChatParameters.channel(context), messageID: try ChatParameters.message(context))
    }

    private func renderEdit(context: AssemblyContext, channelID: ID<Channel>, messageID: ID<Message>, draft: String? = nil, error: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let message = try await service.message(messageID, in: context.assembly, for: context.account)
        guard message.channelID == channelID, message.authorID == context.account.id, !message.deleted else { throw Refusal.notFound }
        let history = try await service.edits(of: messageID, in: context.assembly, by: context.account)
        let assembly = context.assembly.id
        let view = EditMessageView(
            chrome: PageChrome(context), action: Paths.editMessage(messageID, channel: channelID, in: assembly),
            deleteAction: Paths.deleteMessage(messageID, channel: channelID, in: assembly),
            backTo: Paths.thread(message.threadRoot ?? message.id, channel: channelID, in: assembly),
            body: draft ?? message.body, history: history.map { EditMessageView.Edit(body: $0.body, replaced: TimeView($0.replacedAt)) },
            hasHistory: !history.isEmpty, error: error)
        return pages.render("edit-message", view, status: status)
    }

    // MARK: Actions

    @Sendable func post(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context)
        // The page's script posts in the background, shows the message when it arrives live, and
        // wants a problem document rather than a page when something is wrong.
        let fromScript = request.headers[HTTPField.Name("X-Wildcat-Fetch")!] != nil
        let form: MessageRequest
        do {
            form = try await FormDecoding.decode(MessageRequest.self, from: request, context: context)
        } catch let error where fromScript && error is InputError {
            return Problem(error).jsonResponse()
        }
        do {
            let message = try await service.post(in: context.assembly, channel: channelID, by: context.account, form)
            if fromScript { return Response(status: .noContent) }
            let assembly = context.assembly.id
            return seeOther(form.threadRoot.map { Paths.thread($0, channel: channelID, in: assembly, at: message.id) }
                            ?? Paths.inChannel(message.id, channel: channelID, in: assembly))
        } catch let error where fromScript && (error is InputError || error is Refusal) {
            return Problem(error).jsonResponse()
        } catch let error as InputError {
            let draft = String(form.body.prefix(MessageText.maxLength + 100))
            if let root = form.threadRoot, error.field != "threadRoot" {
                return try await renderThread(context: context, channelID: channelID, rootID: root, draft: draft, error: error.message, status: .unprocessableContent)
            }
            return try await renderChannel(context: context, channelID: channelID, before: nil, draft: draft, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func markRead(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(ReadRequest.self, from: request, context: context)
        try await service.markRead(try ChatParameters.channel(context), in: context.assembly, by: context.account, upTo: form.upTo)
        return Response(status: .noContent)
    }

    @Sendable func edit(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context)
        let messageID = try ChatParameters.message(context)
        let form = try await FormDecoding.decode(EditRequest.self, from: request, context: context)
        do {
            let message = try await service.edit(messageID, in: context.assembly, by: context.account, form)
            return seeOther(Paths.thread(message.threadRoot ?? message.id, channel: channelID, in: context.assembly.id, at: message.id))
        } catch let error as InputError {
            return try await renderEdit(context: context, channelID: channelID, messageID: messageID,
                                        draft: String(form.body.prefix(MessageText.maxLength + 100)), error: error.message, status: .unprocessableContent)
        }
    }

    /// The assembly's messages with the words asked for; the form alone without `q`.
    @Sendable func searchPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        let text = request.uri.queryParameters.get("q") ?? ""
        let names = try await service.store.channelNames(of: context.assembly.id)
        var results: [Message] = [], error: String?
        if !text.isEmpty {
            do { results = try await service.search(text, in: context.assembly, for: context.account) } catch let refused as InputError { error = refused.message }
        }
        let assembly = context.assembly.id
        let view = SearchView(
            chrome: PageChrome(context), assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name, action: Paths.search(assembly),
            query: text, searched: !text.isEmpty && error == nil, error: error, hasResults: !results.isEmpty,
            results: results.map { message in
                SearchView.Result(author: message.author ?? "a former member", channel: names[message.channelID] ?? "", time: TimeView(message.createdAt),
                                  excerpt: String(message.body.prefix(300)),
                                  link: message.threadRoot.map { Paths.thread($0, channel: message.channelID, in: assembly, at: message.id) }
                                      ?? Paths.inChannel(message.id, channel: message.channelID, in: assembly))
            })
        return pages.render("search", view, status: error == nil ? .ok : .unprocessableContent)
    }

    /// Adds or takes back a reaction, then comes back to where the message is shown.
    @Sendable func react(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context), messageID = try ChatParameters.message(context)
        let form = try await FormDecoding.decode(ReactionForm.self, from: request, context: context)
        guard let reaction = form.reaction.flatMap(Reaction.init(rawValue:)) else {
            throw InputError(field: "reaction", "Choose one of the reactions shown.")
        }
        _ = try await service.react(reaction, to: messageID, in: context.assembly, by: context.account)
        let message = try await service.message(messageID, in: context.assembly, for: context.account)
        return seeOther(message.threadRoot.map { Paths.thread($0, channel: channelID, in: context.assembly.id, at: messageID) }
            ?? Paths.inChannel(messageID, channel: channelID, in: context.assembly.id))
    }

    @Sendable func delete(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context)
        let messageID = try ChatParameters.message(context)
        let root = try? await service.message(messageID, in: context.assembly, for: context.account).threadRoot
        try await service.delete(messageID, in: context.assembly, by: context.account)
        let assembly = context.assembly.id
        return seeOther(root.flatMap { $0 }.map { Paths.thread($0, channel: channelID, in: assembly) } ?? Paths.channel(channelID, in: assembly))
    }

    @Sendable func deleteEverything(_ request: Request, context: MemberContext) async throws -> Response {
        let count = try await service.deleteEverythingWritten(by: context.account)
        return pages.render("notice", NoticeView(chrome: PageChrome(context), heading: "Messages deleted",
                                                 message: count == 1 ? "The one message you wrote is gone." : "All \(count) messages you wrote are gone."))
    }
}

struct ReactionForm: Decodable, Sendable {
    let reaction: String?
}
