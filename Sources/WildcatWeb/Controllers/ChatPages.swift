import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// The chat pages: a channel, a thread, editing a message. Every action is a plain form; the
/// page's script only adds live updates and posting without a reload.
struct ChatPages {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var store: Store { environment.store }
    var pages: Pages { environment.pages }

    func addRoutes(members: RouterGroup<MemberContext>, assembly: RouterGroup<AssemblyContext>) {
        members.post("/account/messages/delete", use: deleteEverything)
        assembly.post("/channels", use: createChannel)
        assembly.get("/c/{channel}", use: channelPage)
        assembly.post("/c/{channel}/messages", use: post)
        assembly.post("/c/{channel}/read", use: markRead)
        assembly.get("/c/{channel}/m/{message}", use: threadPage)
        assembly.get("/c/{channel}/m/{message}/edit", use: editPage)
        assembly.post("/c/{channel}/m/{message}/edit", use: edit)
        assembly.post("/c/{channel}/m/{message}/delete", use: delete)
    }

    // MARK: Pages

    @Sendable func channelPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderChannel(context: context, channelID: try channelParameter(context), before: request.uri.queryParameters.get("before", as: Int64.self))
    }

    private func renderChannel(context: AssemblyContext, channelID: ID<Channel>, before: Int64?, draft: String = "", error: String? = nil,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        // The live cursor is read before the messages, so the page can only see an event twice
        // (the script ignores repeats), never miss one.
        let after = try await store.latestEventID()
        async let channels = store.channels(of: context.assembly.id, for: context.account.id)
        async let messages = store.messages(in: channelID, before: before, limit: 50)
        let list = try await channels
        guard let current = list.first(where: { $0.channel.id == channelID })?.channel else { throw Refusal.notFound }
        let shown = try await messages
        if before == nil, let newest = shown.last {
            try await store.markRead(channelID: channelID, by: context.account.id, upTo: newest.id)
        }
        let assemblyID = context.assembly.id.rawValue
        let view = ChannelView(
            me: context.account.pseudonym, csrf: context.csrfToken, myID: context.account.id.rawValue, after: after,
            assemblyID: assemblyID, assemblyName: context.assembly.name, channelID: current.id.rawValue, channelName: current.name,
            channels: list.map {
                let unread = $0.channel.id == channelID ? 0 : $0.unread
                return ChannelView.Item(id: $0.channel.id.rawValue, name: $0.channel.name, unread: unread, hasUnread: unread > 0, current: $0.channel.id == channelID)
            },
            messages: shown.map { MessageHTML.message($0, assembly: assemblyID, own: $0.authorID == context.account.id) },
            olderThan: shown.count == 50 ? shown.first?.id : nil, isLatest: before == nil, hasMessages: !shown.isEmpty, draft: draft, error: error)
        return pages.render("channel", view, status: status)
    }

    @Sendable func threadPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderThread(context: context, channelID: try channelParameter(context), rootID: try messageParameter(context))
    }

    private func renderThread(context: AssemblyContext, channelID: ID<Channel>, rootID: Int64, draft: String = "", error: String? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = try await store.latestEventID()
        guard let channel = try await store.channel(channelID, in: context.assembly.id),
              let (root, replies) = try await store.thread(rootID, in: channelID) else { throw Refusal.notFound }
        let assemblyID = context.assembly.id.rawValue
        let view = ThreadView(
            me: context.account.pseudonym, csrf: context.csrfToken, myID: context.account.id.rawValue, after: after,
            assemblyID: assemblyID, assemblyName: context.assembly.name, channelID: channel.id.rawValue, channelName: channel.name,
            rootID: root.id, root: MessageHTML.message(root, assembly: assemblyID, own: root.authorID == context.account.id, inThread: true),
            replies: replies.map { MessageHTML.message($0, assembly: assemblyID, own: $0.authorID == context.account.id, inThread: true) },
            draft: draft, error: error)
        return pages.render("thread", view, status: status)
    }

    @Sendable func editPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderEdit(context: context, channelID: try channelParameter(context), messageID: try messageParameter(context))
    }

    private func renderEdit(context: AssemblyContext, channelID: ID<Channel>, messageID: Int64, draft: String? = nil, error: String? = nil,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let message = try await store.message(messageID, in: context.assembly.id), message.channelID == channelID,
              message.authorID == context.account.id, !message.deleted else { throw Refusal.notFound }
        let history = try await store.edits(of: messageID, by: context.account.id)
        let view = EditMessageView(
            me: context.account.pseudonym, csrf: context.csrfToken, assemblyID: context.assembly.id.rawValue, channelID: channelID.rawValue,
            messageID: messageID, backTo: "/a/\(context.assembly.id)/c/\(channelID)/m/\(message.threadRootID ?? message.id)",
            body: draft ?? message.body,
            history: history.map { EditMessageView.Edit(body: $0.body, replaced: Clock.text($0.replacedAt), replacedISO: Clock.iso($0.replacedAt)) },
            hasHistory: !history.isEmpty, error: error)
        return pages.render("edit-message", view, status: status)
    }

    // MARK: Actions

    @Sendable func createChannel(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let channel = try await actions.createChannel(in: context.assembly, name: form.text("name"))
        return seeOther("/a/\(context.assembly.id)/c/\(channel.id)")
    }

    @Sendable func post(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try channelParameter(context)
        let form = try await FormBody.read(request, context: context)
        let root = try form.integer("threadRoot").map(Int64.init)
        // The page's script posts in the background, shows the message when it arrives live, and
        // wants a problem document rather than a page when something is wrong.
        let fromScript = request.headers[HTTPField.Name("X-Wildcat-Fetch")!] != nil
        do {
            let message = try await actions.post(in: context.assembly, channel: channelID, by: context.account, body: form.text("body"), threadRoot: root)
            if fromScript { return Response(status: .noContent) }
            let base = "/a/\(context.assembly.id)/c/\(channelID)"
            return seeOther(root.map { "\(base)/m/\($0)#m\(message.id)" } ?? "\(base)#m\(message.id)")
        } catch let error where fromScript && (error is InputError || error is Refusal) {
            var response = Problem(error).jsonResponse()
            if case Refusal.rateLimited(let seconds) = error { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as InputError {
            let draft = String(form.text("body").prefix(MessageText.maxLength + 100))
            if let root {
                return try await renderThread(context: context, channelID: channelID, rootID: root, draft: draft, error: error.message, status: .unprocessableContent)
            }
            return try await renderChannel(context: context, channelID: channelID, before: nil, draft: draft, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func markRead(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try channelParameter(context)
        let form = try await FormBody.read(request, context: context)
        guard let upTo = try form.integer("upTo") else { throw InputError(field: "upTo", "upTo is required.") }
        guard try await store.channel(channelID, in: context.assembly.id) != nil else { throw Refusal.notFound }
        try await store.markRead(channelID: channelID, by: context.account.id, upTo: Int64(upTo))
        return Response(status: .noContent)
    }

    @Sendable func edit(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try channelParameter(context)
        let messageID = try messageParameter(context)
        let form = try await FormBody.read(request, context: context)
        do {
            let message = try await actions.edit(messageID, in: context.assembly, by: context.account, body: form.text("body"))
            return seeOther("/a/\(context.assembly.id)/c/\(channelID)/m/\(message.threadRootID ?? message.id)#m\(message.id)")
        } catch let error as InputError {
            return try await renderEdit(context: context, channelID: channelID, messageID: messageID,
                                        draft: String(form.text("body").prefix(MessageText.maxLength + 100)), error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func delete(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try channelParameter(context)
        let messageID = try messageParameter(context)
        let root = try await store.message(messageID, in: context.assembly.id)?.threadRootID
        try await actions.delete(messageID, in: context.assembly, by: context.account)
        let base = "/a/\(context.assembly.id)/c/\(channelID)"
        return seeOther(root.map { "\(base)/m/\($0)" } ?? base)
    }

    @Sendable func deleteEverything(_ request: Request, context: MemberContext) async throws -> Response {
        let count = try await actions.deleteEverythingWritten(by: context.account)
        return pages.render("message", MessageView(me: context.account.pseudonym, csrf: context.csrfToken, heading: "Messages deleted",
                                                   message: count == 1 ? "The one message you wrote is gone." : "All \(count) messages you wrote are gone."))
    }

    // MARK: Parameters

    private func channelParameter(_ context: AssemblyContext) throws -> ID<Channel> {
        guard let id = context.parameters.get("channel"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    private func messageParameter(_ context: AssemblyContext) throws -> Int64 {
        guard let id = context.parameters.get("message", as: Int64.self) else { throw Refusal.notFound }
        return id
    }
}
