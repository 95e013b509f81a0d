import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain

/// Channels and messages over the JSON API.
struct ChatAPI {
    let service: ChatService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.member(.delete, "/me/messages", use: deleteMyMessages)
        routes.assembly(.get, "/channels", use: channels)
        routes.assembly(.post, "/channels", use: createChannel)
        routes.assembly(.get, "/channels/{channel}/messages", use: messages)
        routes.assembly(.post, "/channels/{channel}/messages", use: postMessage)
        routes.assembly(.post, "/channels/{channel}/read", use: markRead)
        routes.assembly(.get, "/messages/{message}/thread", use: thread)
        routes.assembly(.patch, "/messages/{message}", use: editMessage)
        routes.assembly(.delete, "/messages/{message}", use: deleteMessage)
        routes.assembly(.get, "/messages/{message}/edits", use: edits)
        return routes
    }

    @Sendable func deleteMyMessages(_ request: Request, context: MemberContext) async throws -> CountJSON {
        CountJSON(count: try await service.deleteEverythingWritten(by: context.account))
    }

    @Sendable func channels(_ request: Request, context: AssemblyContext) async throws -> [ChannelJSON] {
        try ChatParameters.readable(context)
        return try await service.channels(of: context.assembly, for: context.account).map(ChannelJSON.init)
    }

    @Sendable func createChannel(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<ChannelJSON> {
        let body = try await request.decode(as: ChannelRequest.self, context: context)
        let channel = try await service.createChannel(in: context.assembly, body)
        return EditedResponse(status: .created, response: ChannelJSON(ChannelSummary(channel: channel, unread: 0)))
    }

    @Sendable func messages(_ request: Request, context: AssemblyContext) async throws -> [MessageJSON] {
        let channel = try await service.channel(try ChatParameters.channel(context), in: context.assembly)
        let limit = try QueryLimits.limit(request, default: 50, most: 200)
        return try await service.messages(in: channel.id, of: context.assembly, for: context.account, before: request.uri.queryParameters.get("before").map(ID.init), limit: limit).map(MessageJSON.init)
    }

    @Sendable func postMessage(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<MessageJSON> {
        let body = try await request.decode(as: MessageRequest.self, context: context)
        let message = try await service.post(in: context.assembly, channel: try ChatParameters.channel(context), by: context.account, body)
        return EditedResponse(status: .created, response: MessageJSON(message))
    }

    @Sendable func markRead(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: ReadRequest.self, context: context)
        try await service.markRead(try ChatParameters.channel(context), in: context.assembly, by: context.account, upTo: body.upTo)
        return .noContent
    }

    @Sendable func thread(_ request: Request, context: AssemblyContext) async throws -> ThreadJSON {
        let (root, replies) = try await service.thread(of: try ChatParameters.message(context), in: context.assembly, for: context.account)
        return ThreadJSON(root: MessageJSON(root), replies: replies.map(MessageJSON.init))
    }

    @Sendable func editMessage(_ request: Request, context: AssemblyContext) async throws -> MessageJSON {
        let body = try await request.decode(as: EditRequest.self, context: context)
        return MessageJSON(try await service.edit(try ChatParameters.message(context), in: context.assembly, by: context.account, body))
    }

    @Sendable func deleteMessage(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await service.delete(try ChatParameters.message(context), in: context.assembly, by: context.account)
        return .noContent
    }

    @Sendable func edits(_ request: Request, context: AssemblyContext) async throws -> [EditJSON] {
        try await service.edits(of: try ChatParameters.message(context), in: context.assembly, by: context.account).map { EditJSON(body: $0.body, replacedAt: $0.replacedAt) }
    }
}

/// The chat's path parameters, refused as "not found" when malformed.
/// The chat routes' path parameters; every chat route reads one, so this is also where an
/// observer of a committee whose channel is private is turned away (as "not found").
enum ChatParameters {
    static func channel(_ context: AssemblyContext) throws -> ID<Channel> {
        guard context.readsChannels, let id = context.parameters.get("channel"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    static func message(_ context: AssemblyContext) throws -> ID<Message> {
        guard context.readsChannels, let id = context.parameters.get("message"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    /// For the list of channels, which names no channel.
    static func readable(_ context: AssemblyContext) throws {
        guard context.readsChannels else { throw Refusal.notFound }
    }
}
