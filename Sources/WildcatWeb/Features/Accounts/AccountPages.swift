import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages for getting in and managing oneself: sign in and out, join by invite, sessions,
/// account deletion.
struct AccountPages {
    let service: AccountsService
    var environment: WebEnvironment { service.environment }
    var pages: Pages { environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/login", use: loginPage)
        routes.open(.post, "/login", use: login)
        routes.open(.get, "/join/{token}", use: joinPage)
        routes.open(.post, "/join/{token}", use: join)
        routes.open(.get, "/about/safety", use: safety)
        routes.member(.post, "/logout", use: logout)
        routes.member(.get, "/account", use: account)
        routes.member(.post, "/account/sessions/{session}/revoke", use: revokeSession)
        routes.member(.post, "/account/delete", use: deleteAccount)
        return routes
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.signedIn != nil { return seeOther(Paths.home) }
        return pages.render("login", LoginView(chrome: PageChrome(context)))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormDecoding.decode(LogInRequest.self, from: request, context: context)
        do {
            let (_, token) = try await service.logIn(form, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            var response = seeOther(SafeNext.path(request.uri.queryParameters.get("next") ?? Paths.home))
            response.setCookie(CookieSessionMiddleware.sessionCookie(token.value, configuration: environment.configuration))
            return response
        } catch let refusal as Refusal {
            let problem = Problem(refusal)
            var response = pages.render("login", LoginView(chrome: PageChrome(context), pseudonym: String(form.pseudonym.prefix(64)), error: problem.detail),
                                        status: problem.status)
            if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }

    @Sendable func joinPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let lookup = try await service.invite(token)
        if lookup.invite.assemblyID == nil, context.signedIn != nil { throw Refusal.notPermitted(.firstPersonLinkWhileSignedIn) }
        return pages.render("join", joinView(token: token, lookup: lookup, context: context))
    }

    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        if let signedIn = context.signedIn {
            return seeOther(Paths.assembly(try await service.join(inviteToken: token, account: signedIn.account)))
        }
        var form = try await FormDecoding.decode(SignUpRequest.self, from: request, context: context)
        form.inviteToken = token
        do {
            let (_, session, assembly) = try await service.signUp(form, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            var response = seeOther(assembly.map(Paths.assembly) ?? Paths.home)
            response.setCookie(CookieSessionMiddleware.sessionCookie(session.value, configuration: environment.configuration))
            return response
        } catch let error where error is InputError || error as? Refusal == .pseudonymTaken {
            let problem = Problem(error)
            var view = joinView(token: token, lookup: try await service.invite(token), context: context)
            view.pseudonym = String(form.pseudonym.prefix(64))
            view.error = problem.detail
            return pages.render("join", view, status: problem.status)
        }
    }

    private func joinView(token: String, lookup: InviteLookup, context: AppRequestContext) -> JoinView {
        JoinView(chrome: PageChrome(context), action: Paths.join(token), firstPerson: lookup.invite.assemblyID == nil,
                 assemblyName: lookup.assemblyName, inviter: lookup.invite.createdBy, signedInAs: context.signedIn?.account.pseudonym)
    }

    @Sendable func safety(_ request: Request, context: AppRequestContext) async throws -> Response {
        pages.render("safety", PlainPage(chrome: PageChrome(context)))
    }

    @Sendable func logout(_ request: Request, context: MemberContext) async throws -> Response {
        _ = try await service.endSession(context.signedIn.session.id, of: context.account)
        var response = seeOther(Paths.home)
        response.setCookie(CookieSessionMiddleware.expiredSessionCookie(configuration: environment.configuration))
        return response
    }

    @Sendable func account(_ request: Request, context: MemberContext) async throws -> Response {
        try await accountPage(context: context, error: nil, status: .ok)
    }

    private func accountPage(context: MemberContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let items = try await service.sessions(of: context.account).map { session in
            AccountView.SessionItem(device: session.device, current: session.id == context.signedIn.session.id,
                                    created: TimeView(session.createdAt), lastSeen: TimeView(session.lastSeenAt),
                                    revoke: Paths.revokeSession(session.id))
        }
        return pages.render("account", AccountView(chrome: PageChrome(context), sessions: items, deleteMessages: Paths.deleteMyMessages,
                                                   deleteAccount: Paths.deleteAccount, error: error), status: status)
    }

    @Sendable func revokeSession(_ request: Request, context: MemberContext) async throws -> Response {
        guard try await service.endSession(ID(try context.parameters.require("session")), of: context.account) else { throw Refusal.notFound }
        return seeOther(Paths.account)
    }

    @Sendable func deleteAccount(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormDecoding.decode(PassphraseRequest.self, from: request, context: context)
        do {
            try await service.deleteAccount(context.account, passphrase: form.passphrase)
        } catch Refusal.wrongCredentials {
            return try await accountPage(context: context, error: "That passphrase is not right; nothing was deleted.", status: .unauthorized)
        }
        var response = pages.render("notice", NoticeView(chrome: PageChrome(me: nil, csrf: ""), heading: "Account deleted",
                                                         message: "Your account, sessions and memberships are gone."))
        response.setCookie(CookieSessionMiddleware.expiredSessionCookie(configuration: environment.configuration))
        return response
    }
}
