import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// The JSON API under /api/v1: the same operations as the pages, authenticated with
/// `Authorization: Bearer <token>` from `POST /api/v1/sessions` or `POST /api/v1/accounts`.
/// Described by /api/openapi.json; a test keeps the two in step.
struct APIController {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var store: Store { environment.store }

    func addRoutes(to routes: inout APIRoutes) {
        routes.open(.post, "/accounts", use: signUp)
        routes.open(.post, "/sessions", use: logIn)
        routes.open(.get, "/invites/{token}", use: inviteInfo)
        routes.member(.post, "/invites/{token}/accept", use: acceptInvite)
        routes.member(.get, "/me", use: me)
        routes.member(.delete, "/me", use: deleteMe)
        routes.member(.get, "/sessions", use: sessions)
        routes.member(.delete, "/sessions/current", use: logOut)
        routes.member(.delete, "/sessions/{session}", use: revokeSession)
        routes.member(.get, "/assemblies", use: assemblies)
        routes.member(.post, "/assemblies", use: foundAssembly)
        routes.assembly(.get, "", use: assembly)
        routes.assembly(.get, "/members", use: members)
        routes.assembly(.get, "/audit", use: audit)
        routes.assembly(.get, "/invites", use: invites)
        routes.assembly(.post, "/invites", use: createInvite)
        routes.assembly(.delete, "/invites/{invite}", use: revokeInvite)
        routes.assembly(.post, "/leave", use: leave)
    }

    // MARK: Open

    struct SignUpBody: Decodable {
        let inviteToken: String
        let pseudonym: String
        let passphrase: String
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: SignUpBody.self, context: context)
        let (account, token, assembly) = try await actions.signUp(
            inviteToken: body.inviteToken, pseudonym: body.pseudonym, passphrase: body.passphrase,
            device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(token: token.value, account: AccountJSON(account), joinedAssemblyId: assembly?.rawValue))
    }

    struct LogInBody: Decodable {
        let pseudonym: String
        let passphrase: String
    }

    @Sendable func logIn(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignedInJSON> {
        let body = try await request.decode(as: LogInBody.self, context: context)
        let (account, token) = try await actions.logIn(pseudonym: body.pseudonym, passphrase: body.passphrase,
                                                       device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
        return EditedResponse(status: .created, response: SignedInJSON(token: token.value, account: AccountJSON(account), joinedAssemblyId: nil))
    }

    @Sendable func inviteInfo(_ request: Request, context: AppRequestContext) async throws -> InviteInfoJSON {
        let lookup = try await actions.invite(try context.parameters.require("token"))
        return InviteInfoJSON(assemblyName: lookup.assemblyName, firstPerson: lookup.invite.assemblyID == nil,
                              invitedBy: lookup.invite.createdBy, expiresAt: lookup.invite.expiresAt)
    }

    // MARK: Signed in

    @Sendable func acceptInvite(_ request: Request, context: MemberContext) async throws -> IdJSON {
        IdJSON(id: try await actions.join(inviteToken: try context.parameters.require("token"), account: context.account).rawValue)
    }

    @Sendable func me(_ request: Request, context: MemberContext) async throws -> AccountJSON {
        AccountJSON(context.account)
    }

    struct DeleteBody: Decodable { let passphrase: String }

    @Sendable func deleteMe(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        let body = try await request.decode(as: DeleteBody.self, context: context)
        try await actions.deleteAccount(context.account, passphrase: body.passphrase, clientAddress: context.clientAddress)
        return .noContent
    }

    @Sendable func sessions(_ request: Request, context: MemberContext) async throws -> [SessionJSON] {
        try await store.sessions(accountID: context.account.id, now: Date()).map { SessionJSON($0, current: $0.id == context.signedIn.session.id) }
    }

    @Sendable func logOut(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        try await store.revokeSession(context.signedIn.session.id, accountID: context.account.id)
        return .noContent
    }

    @Sendable func revokeSession(_ request: Request, context: MemberContext) async throws -> HTTPResponse.Status {
        guard try await store.revokeSession(ID(try context.parameters.require("session")), accountID: context.account.id) else { throw Refusal.notFound }
        return .noContent
    }

    @Sendable func assemblies(_ request: Request, context: MemberContext) async throws -> [AssemblyJSON] {
        try await store.assemblies(of: context.account.id).map { AssemblyJSON($0.assembly, memberCount: $0.members) }
    }

    struct FoundBody: Decodable { let name: String }

    @Sendable func foundAssembly(_ request: Request, context: MemberContext) async throws -> EditedResponse<AssemblyJSON> {
        let body = try await request.decode(as: FoundBody.self, context: context)
        let assembly = try await actions.foundAssembly(name: body.name, founder: context.account)
        return EditedResponse(status: .created, response: AssemblyJSON(assembly, memberCount: 1))
    }

    // MARK: In an assembly

    @Sendable func assembly(_ request: Request, context: AssemblyContext) async throws -> AssemblyJSON {
        AssemblyJSON(context.assembly, memberCount: try await store.members(of: context.assembly.id).count)
    }

    @Sendable func members(_ request: Request, context: AssemblyContext) async throws -> [MemberJSON] {
        try await store.members(of: context.assembly.id).map(MemberJSON.init)
    }

    @Sendable func audit(_ request: Request, context: AssemblyContext) async throws -> [AuditJSON] {
        let before = request.uri.queryParameters.get("before", as: Int64.self)
        let limit = min(max(request.uri.queryParameters.get("limit", as: Int.self) ?? 100, 1), 500)
        return try await store.auditLog(of: context.assembly.id, before: before, limit: limit).map(AuditJSON.init)
    }

    @Sendable func invites(_ request: Request, context: AssemblyContext) async throws -> [InviteJSON] {
        try await store.openInvites(of: context.assembly.id, now: Date()).map(InviteJSON.init)
    }

    struct InviteBody: Decodable {
        /// How many people may use the link; absent means one. Ignored when `unlimited`.
        let maxUses: Int?
        let unlimited: Bool?
        let expiresInHours: Int?
    }

    @Sendable func createInvite(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<InviteCreatedJSON> {
        let body = try await request.decode(as: InviteBody.self, context: context)
        let maxUses = body.unlimited == true ? nil : (body.maxUses ?? 1)
        let (invite, link) = try await actions.createInvite(in: context.assembly, by: context.actor, maxUses: maxUses, expiresInHours: body.expiresInHours)
        return EditedResponse(status: .created, response: InviteCreatedJSON(invite: InviteJSON(invite), link: link))
    }

    @Sendable func revokeInvite(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await store.revokeInvite(ID(try context.parameters.require("invite")), assemblyID: context.assembly.id, by: context.actor, now: Date())
        return .noContent
    }

    @Sendable func leave(_ request: Request, context: AssemblyContext) async throws -> HTTPResponse.Status {
        try await store.leave(context.assembly.id, accountID: context.account.id, now: Date())
        return .noContent
    }
}

// MARK: JSON shapes

struct AccountJSON: ResponseEncodable {
    let id: String
    let pseudonym: String
    let createdAt: Date
    init(_ account: Account) {
        id = account.id.rawValue
        pseudonym = account.pseudonym
        createdAt = account.createdAt
    }
}

struct SignedInJSON: ResponseEncodable {
    let token: String
    let account: AccountJSON
    let joinedAssemblyId: String?
}

struct IdJSON: ResponseEncodable { let id: String }

struct InviteInfoJSON: ResponseEncodable {
    let assemblyName: String?
    let firstPerson: Bool
    let invitedBy: String?
    let expiresAt: Date
}

struct SessionJSON: ResponseEncodable {
    let id: String
    let device: String
    let createdAt: Date
    let lastSeenAt: Date
    let expiresAt: Date
    let current: Bool
    init(_ session: Session, current: Bool) {
        id = session.id.rawValue
        device = session.device
        createdAt = session.createdAt
        lastSeenAt = session.lastSeenAt
        expiresAt = session.expiresAt
        self.current = current
    }
}

struct AssemblyJSON: ResponseEncodable {
    let id: String
    let name: String
    let createdAt: Date
    let memberCount: Int
    let rules: AssemblyRules
    init(_ assembly: Assembly, memberCount: Int) {
        id = assembly.id.rawValue
        name = assembly.name
        createdAt = assembly.createdAt
        self.memberCount = memberCount
        rules = assembly.rules
    }
}

struct MemberJSON: ResponseEncodable {
    let accountId: String
    let pseudonym: String
    let joinedAt: Date
    let invitedBy: String?
    let invitedByOperator: Bool
    init(_ member: Member) {
        accountId = member.accountID.rawValue
        pseudonym = member.pseudonym
        joinedAt = member.joinedAt
        invitedBy = member.invitedBy
        invitedByOperator = member.invitedByOperator
    }
}

struct AuditJSON: ResponseEncodable {
    let id: Int64
    let at: Date
    let kind: String
    let actor: String?
    let actorIsOperator: Bool
    let subject: String?
    let detail: [String: String]
    let text: String
    init(_ entry: AuditEntry) {
        id = entry.id
        at = entry.at
        kind = entry.kind.rawValue
        actor = entry.actor
        actorIsOperator = entry.actorIsOperator
        subject = entry.subject
        detail = entry.detail
        text = entry.sentence
    }
}

struct InviteJSON: ResponseEncodable {
    let id: String
    let maxUses: Int?
    let uses: Int
    let expiresAt: Date
    let createdBy: String?
    init(_ invite: Invite) {
        id = invite.id.rawValue
        maxUses = invite.maxUses
        uses = invite.uses
        expiresAt = invite.expiresAt
        createdBy = invite.createdBy
    }
}

struct InviteCreatedJSON: ResponseEncodable {
    let invite: InviteJSON
    /// The link to send; shown only this once.
    let link: String
}
