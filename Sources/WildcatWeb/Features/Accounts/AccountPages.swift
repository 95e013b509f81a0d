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
        routes.open(.get, "/offline", use: offline)
        routes.member(.post, "/logout", use: logout)
        routes.member(.get, "/account", use: account)
        routes.member(.post, "/account/sessions/{session}/revoke", use: revokeSession)
        routes.member(.post, "/account/delete", use: deleteAccount)
        routes.member(.post, "/account/passphrase", use: changePassphrase)
        return routes
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = SafeNext.path(request.uri.queryParameters.get("next") ?? Paths.home)
        if context.signedIn != nil { return seeOther(next) }
        return pages.render("login", LoginView(chrome: PageChrome(context), next: next))
    }

    /// Signs in, then goes back to the page asked for (a path on this site only).
    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        var form = try await FormDecoding.decode(LogInRequest.self, from: request, context: context)
        form.deviceToken = request.cookies[CookieSessionMiddleware.deviceCookieName]?.value
        let next = SafeNext.path(form.next ?? request.uri.queryParameters.get("next") ?? Paths.home)
        do {
            let (_, signedIn) = try await service.logIn(form, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            var response = seeOther(next)
            setCookies(&response, signedIn)
            return response
        } catch let refusal as Refusal {
            let problem = Problem(refusal)
            var response = pages.render("login", LoginView(chrome: PageChrome(context), next: next, pseudonym: String(form.pseudonym.prefix(64)), error: problem.detail),
                                        status: problem.status)
            if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }

    private func setCookies(_ response: inout Response, _ signedIn: SignedInDevice) {
        response.setCookie(CookieSessionMiddleware.sessionCookie(signedIn.session.value, configuration: environment.configuration))
        response.setCookie(CookieSessionMiddleware.deviceCookie(signedIn.device.value, configuration: environment.configuration))
    }

    @Sendable func joinPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let lookup = try await service.invite(token, clientAddress: context.clientAddress)
        if lookup.invite.assemblyID == nil, context.signedIn != nil { throw Refusal.notPermitted(.firstPersonLinkWhileSignedIn) }
        return pages.render("join", joinView(token: token, lookup: lookup, context: context))
    }

    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        if let signedIn = context.signedIn {
            return seeOther(Paths.assembly(try await service.join(inviteToken: token, account: signedIn.account, clientAddress: context.clientAddress)))
        }
        var form = try await FormDecoding.decode(SignUpRequest.self, from: request, context: context)
        form.inviteToken = token
        do {
            let (_, signedIn, assembly) = try await service.signUp(form, device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            var response = seeOther(assembly.map(Paths.assembly) ?? Paths.home)
            setCookies(&response, signedIn)
            return response
        } catch let error where error is InputError || error as? Refusal == .pseudonymTaken {
            let problem = Problem(error)
            var view = joinView(token: token, lookup: try await service.invite(token, clientAddress: context.clientAddress), context: context)
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

    /// The page the service worker shows when the server is out of reach. The worker keeps a
    /// copy, so it names no one, whoever asks for it.
    @Sendable func offline(_ request: Request, context: AppRequestContext) async throws -> Response {
        pages.render("offline", PlainPage(chrome: PageChrome(me: nil, csrf: "")))
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

    private func accountPage(context: MemberContext, error: String?, passphraseError: String? = nil, passphraseChanged: Bool = false,
                             status: HTTPResponse.Status) async throws -> Response {
        let items = try await service.sessions(of: context.account).map { session in
            AccountView.SessionItem(device: session.device, current: session.id == context.signedIn.session.id,
                                    created: TimeView(session.createdAt), lastSeen: TimeView(session.lastSeenAt),
                                    revoke: Paths.revokeSession(session.id))
        }
        return pages.render("account", AccountView(chrome: PageChrome(context), sessions: items, deleteMessages: Paths.deleteMyMessages,
                                                   deleteAccount: Paths.deleteAccount, changePassphrase: Paths.changePassphrase,
                                                   error: error, passphraseError: passphraseError, passphraseChanged: passphraseChanged), status: status)
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

    @Sendable func changePassphrase(_ request: Request, context: MemberContext) async throws -> Response {
        do {
            let form = try await FormDecoding.decode(PassphraseChangeRequest.self, from: request, context: context)
            try await service.changePassphrase(form, for: context.signedIn)
            return try await accountPage(context: context, error: nil, passphraseChanged: true, status: .ok)
        } catch Refusal.wrongCredentials {
            return try await accountPage(context: context, error: nil, passphraseError: "Your current passphrase is not right; nothing changed.", status: .unauthorized)
        } catch let error as InputError {
            return try await accountPage(context: context, error: nil, passphraseError: error.message, status: .unprocessableContent)
        }
    }
}
