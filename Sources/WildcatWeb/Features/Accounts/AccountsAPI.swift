import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// Accounts and sessions over the JSON API.
struct AccountsAPI {
    let service: AccountsService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.post, "/accounts", use: signUp)
        routes.open(.post, "/sessions", use: logIn)
        routes.open(.get, "/invites/{token}", use: inviteInfo)
        routes.member(.post, "/invites/{token}/accept", use: acceptInvite)
        routes.member(.get, "/me", use: me)
        routes.member(.delete, "/me", use: deleteMe)
        routes.member(.post, "/me/passphrase", use: changePassphrase)
        routes.member(.get, "/sessions", use: sessions)
        routes.member(.delete, "/sessions/current", use: logOut)
        routes.member(.delete, "/sessions/{session}", use: revokeSession)
        return routes
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: SignUpRequest.self, context: context)
        let (account, signedIn, assembly) = try await service.signUp(body, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(signedIn, account: account, joinedAssemblyId: assembly?.rawValue))
    }

    @Sendable func logIn(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: LogInRequest.self, context: context)
        let (account, signedIn) = try await service.logIn(body, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(signedIn, account: account, joinedAssemblyId: nil))
    }

    @Sendable func inviteInfo(_ request: Request, context: AppRequestContext) async throws -> InviteInfoJSON {
        InviteInfoJSON(try await service.invite(try context.parameters.require("token"), clientAddress: context.clientAddress))
    }

    @Sendable func acceptInvite(_ request: Request, context: MemberContext) async throws -> IdJSON {
        IdJSON(id: try await service.join(inviteToken: try context.parameters.require("token"), account: context.account, clientAddress: context.clientAddress).rawValue)
    }

    @Sendable func me(_ request: Request, context: MemberContext) async throws -> AccountJSON {
        AccountJSON(context.account)
    }

    @Sendable func deleteMe(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: PassphraseRequest.self, context: context)
        try await service.deleteAccount(context.account, passphrase: body.passphrase)
        return .noContent
    }

    @Sendable func changePassphrase(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        try await service.changePassphrase(try await request.decode(as: PassphraseChangeRequest.self, context: context), for: context.signedIn)
        return .noContent
    }

    @Sendable func sessions(_ request: Request, context: MemberContext) async throws -> [SessionJSON] {
        try await service.sessions(of: context.account).map { SessionJSON($0, current: $0.id == context.signedIn.session.id) }
    }

    @Sendable func logOut(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        _ = try await service.endSession(context.signedIn.session.id, of: context.account)
        return .noContent
    }

    @Sendable func revokeSession(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        guard try await service.endSession(ID(try context.parameters.require("session")), of: context.account) else { throw Refusal.notFound }
        return .noContent
    }
}
