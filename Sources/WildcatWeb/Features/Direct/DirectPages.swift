import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// Direct messages between two members of an assembly: the list, one conversation, sending and
/// deleting. Plain forms; the page's script only adds new messages live.
struct DirectPages {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var pages: Pages { environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/direct", use: listPage)
        routes.assembly(.post, "/direct", use: start)
        routes.assembly(.get, "/direct/{conversation}", use: conversationPage)
        routes.assembly(.post, "/direct/{conversation}/messages", use: send)
        routes.assembly(.post, "/direct/{conversation}/m/{message}/delete", use: delete)
        return routes
    }

    @Sendable func listPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderList(context: context)
    }

    private func renderList(context: AssemblyContext, to: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        try Self.member(context)
        let me = context.account.id, assembly = context.assembly.id
        let list = try await store.conversations(of: me, in: assembly)
        let view = DirectListView(
            chrome: PageChrome(context), assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name, action: Paths.direct(assembly),
            conversations: list.map { summary in
                DirectListView.Item(link: Paths.conversation(summary.conversation.id, in: assembly), name: summary.conversation.otherName(for: me),
                                    time: summary.lastAt.map(TimeView.init), hasTime: summary.lastAt != nil)
            },
            hasConversations: !list.isEmpty, to: to, error: error)
        return pages.render("direct", view, status: status)
    }

    /// Opens (or finds) the conversation with the member named, then goes to it.
    @Sendable func start(_ request: Request, context: AssemblyContext) async throws -> Response {
        try Self.member(context)
        let form = try await FormDecoding.decode(StartConversationForm.self, from: request, context: context)
        let to = form.to ?? ""
        do {
            let key = try Self.pseudonymKey(to)
            let conversation = try await store.conversation(in: context.assembly.id, from: context.account.id, to: key, now: environment.clock.now())
            return seeOther(Paths.conversation(conversation.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await renderList(context: context, to: String(to.prefix(100)), error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func conversationPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderConversation(context: context, conversation: try await conversation(context))
    }

    private func renderConversation(context: AssemblyContext, conversation: Conversation, draft: String = "", error: String? = nil,
                                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = try await environment.liveCursor()
        let messages = try await store.directMessages(in: conversation)
        let assembly = context.assembly.id, me = context.account.id
        let view = ConversationView(
            chrome: PageChrome(context), me: me.rawValue, after: after, assembly: assembly.rawValue, conversation: conversation.id.rawValue,
            assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name, listLink: Paths.direct(assembly),
            other: conversation.otherName(for: me),
            messages: messages.map { DirectMessageItem($0, own: $0.authorID == me, csrf: context.csrfToken) },
            hasMessages: !messages.isEmpty, sendAction: Paths.sendDirect(conversation.id, in: assembly), draft: draft, error: error)
        return pages.render("conversation", view, status: status)
    }

    @Sendable func send(_ request: Request, context: AssemblyContext) async throws -> Response {
        let conversation = try await conversation(context)
        // As in channels, the page's script posts in the background and shows the message when
        // it comes back live: it wants a problem document, not a page, when something is wrong.
        let fromScript = request.headers[HTTPField.Name("X-Wildcat-Fetch")!] != nil
        let form = try await FormDecoding.decode(DirectMessageForm.self, from: request, context: context)
        let body = form.body ?? ""
        do {
            let text = try MessageText(body)
            let now = environment.clock.now()
            try environment.limiter.check("message:\(context.account.id)", environment.configuration.rateLimits.messagesPerMember, now: now)
            let message = try await store.sendDirect(in: conversation, author: context.account, text: text, now: now)
            if fromScript { return Response(status: .noContent) }
            return seeOther(Paths.conversation(conversation.id, in: context.assembly.id) + "#d\(message.id)")
        } catch let error where fromScript && (error is InputError || error is Refusal) {
            return Problem(error).jsonResponse()
        } catch let error as InputError {
            return try await renderConversation(context: context, conversation: conversation, draft: String(body.prefix(MessageText.maxLength + 100)),
                                                error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func delete(_ request: Request, context: AssemblyContext) async throws -> Response {
        let conversation = try await conversation(context)
        guard let raw = context.parameters.get("message"), raw.count <= 64 else { throw Refusal.notFound }
        try await store.deleteDirect(ID(raw), in: conversation, by: context.account.id, now: environment.clock.now())
        return seeOther(Paths.conversation(conversation.id, in: context.assembly.id))
    }

    /// The conversation named in the address, if the reader is one of its two; members only
    /// (an observer of a committee reads its channels, not its members' conversations).
    private func conversation(_ context: AssemblyContext) async throws -> Conversation {
        try Self.member(context)
        guard let raw = context.parameters.get("conversation"), raw.count <= 64,
              let conversation = try await store.conversation(ID(raw), in: context.assembly.id, for: context.account.id) else { throw Refusal.notFound }
        return conversation
    }

    private static func member(_ context: AssemblyContext) throws {
        guard context.access == .member else { throw Refusal.notFound }
    }

    /// A pseudonym as typed, folded the way accounts are found by it; one that cannot exist names nobody.
    static func pseudonymKey(_ text: String) throws(InputError) -> String {
        let name = text.hasPrefix("@") ? String(text.dropFirst()) : text
        guard let pseudonym = try? Pseudonym(name) else {
            throw InputError(field: "to", "No member of this assembly has that pseudonym: you can write only to someone who shares it with you.")
        }
        return pseudonym.key
    }
}

struct StartConversationForm: Decodable, Sendable {
    let to: String?
}

struct DirectMessageForm: Decodable, Sendable {
    let body: String?
}
