import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain

/// Assemblies, members, invites and the audit log over the JSON API.
struct AssembliesAPI {
    let service: AssembliesService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.member(.get, "/assemblies", use: list)
        routes.member(.post, "/assemblies", use: found)
        routes.assembly(.get, "", use: show)
        routes.assembly(.get, "/members", use: members)
        routes.assembly(.get, "/audit", use: audit)
        routes.assembly(.get, "/invites", use: invites)
        routes.assembly(.post, "/invites", use: createInvite)
        routes.assembly(.delete, "/invites/{invite}", use: revokeInvite)
        routes.assembly(.post, "/leave", use: leave)
        return routes
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> [AssemblyJSON] {
        try await service.assemblies(of: context.account).map { AssemblyJSON($0.assembly, memberCount: $0.members) }
    }

    @Sendable func found(_ request: Request, context: MemberContext) async throws -> EditedResponse<AssemblyJSON> {
        let body = try await request.decode(as: FoundAssemblyRequest.self, context: context)
        return EditedResponse(status: .created, response: AssemblyJSON(try await service.found(body, by: context.account), memberCount: 1))
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> AssemblyJSON {
        AssemblyJSON(context.assembly, memberCount: try await service.members(of: context.assembly).count)
    }

    @Sendable func members(_ request: Request, context: AssemblyContext) async throws -> [MemberJSON] {
        try await service.members(of: context.assembly).map(MemberJSON.init)
    }

    @Sendable func audit(_ request: Request, context: AssemblyContext) async throws -> [AuditJSON] {
        let before = request.uri.queryParameters.get("before").map(ID<AuditEntry>.init)
        let limit = try QueryLimits.limit(request, default: 100, most: 500)
        return try await service.auditLog(of: context.assembly, before: before, limit: limit).map(AuditJSON.init)
    }

    @Sendable func invites(_ request: Request, context: AssemblyContext) async throws -> [InviteJSON] {
        try await service.openInvites(of: context.assembly).map(InviteJSON.init)
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<InviteCreatedJSON> {
        let body = try await request.decode(as: InviteRequest.self, context: context)
        let (invite, link) = try await service.createInvite(in: context.assembly, by: context.actor, body)
        return EditedResponse(status: .created, response: InviteCreatedJSON(invite: InviteJSON(invite), link: link))
    }

    @Sendable func revokeInvite(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await service.revokeInvite(ID(try context.parameters.require("invite")), in: context.assembly, by: context.actor)
        return .noContent
    }

    @Sendable func leave(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await service.leave(context.assembly, account: context.account)
        return .noContent
    }
}
