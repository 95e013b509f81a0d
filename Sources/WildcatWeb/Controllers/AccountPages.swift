import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages for getting in and managing oneself: sign in and out, join by invite, sessions,
/// account deletion.
struct AccountPages {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var pages: Pages { environment.pages }

    func addRoutes(to router: Router<AppRequestContext>, members: RouterGroup<MemberContext>) {
        router.get("/", use: home)
        router.get("/login", use: loginPage)
        router.post("/login", use: login)
        router.get("/join/{token}", use: joinPage)
        router.post("/join/{token}", use: join)
        router.get("/about/safety", use: safety)
        members.post("/logout", use: logout)
        members.get("/account", use: account)
        members.post("/account/sessions/{session}/revoke", use: revokeSession)
        members.post("/account/delete", use: deleteAccount)
    }

    // MARK: Signed out

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = context.signedIn else {
            return pages.render("welcome", PageChrome(me: nil, csrf: context.csrfToken))
        }
        return try await AssemblyPages(environment: environment).homePage(signedIn: signedIn, csrf: context.csrfToken)
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.signedIn != nil { return seeOther("/") }
        return pages.render("login", LoginView(csrf: context.csrfToken))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let pseudonym = form.text("pseudonym")
        do {
            let (_, token) = try await actions.logIn(pseudonym: pseudonym, passphrase: form.text("passphrase"),
                                                     device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            let next = ErrorMiddleware.safeNext(request.uri.queryParameters.get("next") ?? "/")
            var response = seeOther(next)
            response.setCookie(sessionCookie(token.value))
            return response
        } catch let refusal as Refusal {
            let problem = Problem(refusal)
            var response = pages.render("login", LoginView(csrf: context.csrfToken, pseudonym: String(pseudonym.prefix(64)), error: problem.detail), status: problem.status)
            if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }

    @Sendable func joinPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let lookup = try await actions.invite(token)
        if lookup.invite.assemblyID == nil, context.signedIn != nil {
            throw Refusal.notPermitted("This link is for a new person's first account, and you are already signed in.")
        }
        return pages.render("join", joinView(token: token, lookup: lookup, context: context))
    }

    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        if let signedIn = context.signedIn {
            let assembly = try await actions.join(inviteToken: token, account: signedIn.account)
            return seeOther("/a/\(assembly)")
        }
        let form = try await FormBody.read(request, context: context)
        do {
            let (_, session, assembly) = try await actions.signUp(
                inviteToken: token, pseudonym: form.text("pseudonym"), passphrase: form.text("passphrase"),
                device: DeviceLabel.from(request.headers[.userAgent]), clientAddress: context.clientAddress)
            var response = seeOther(assembly.map { "/a/\($0)" } ?? "/")
            response.setCookie(sessionCookie(session.value))
            return response
        } catch let error as InputError {
            return try await joinFormAgain(token: token, form: form, context: context, problem: Problem(error))
        } catch Refusal.pseudonymTaken {
            return try await joinFormAgain(token: token, form: form, context: context, problem: Problem(Refusal.pseudonymTaken))
        }
    }

    private func joinFormAgain(token: String, form: FormBody, context: AppRequestContext, problem: Problem) async throws -> Response {
        var view = joinView(token: token, lookup: try await actions.invite(token), context: context)
        view.pseudonym = String(form.text("pseudonym").prefix(64))
        view.error = problem.detail
        return pages.render("join", view, status: problem.status)
    }

    private func joinView(token: String, lookup: InviteLookup, context: AppRequestContext) -> JoinView {
        JoinView(me: context.signedIn?.account.pseudonym, csrf: context.csrfToken, token: token,
                 firstPerson: lookup.invite.assemblyID == nil, assemblyName: lookup.assemblyName,
                 inviter: lookup.invite.createdBy, signedInAs: context.signedIn?.account.pseudonym)
    }

    @Sendable func safety(_ request: Request, context: AppRequestContext) async throws -> Response {
        pages.render("safety", PageChrome(me: context.signedIn?.account.pseudonym, csrf: context.csrfToken))
    }

    // MARK: Signed in

    @Sendable func logout(_ request: Request, context: MemberContext) async throws -> Response {
        _ = try await actions.endSession(context.signedIn.session.id, of: context.account)
        var response = seeOther("/")
        response.setCookie(expiredSessionCookie())
        return response
    }

    @Sendable func account(_ request: Request, context: MemberContext) async throws -> Response {
        try await accountPage(context: context, error: nil, status: .ok)
    }

    private func accountPage(context: MemberContext, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let sessions = try await environment.store.sessions(accountID: context.account.id, now: Date())
        let items = sessions.map { session in
            AccountView.SessionItem(id: session.id.rawValue, device: session.device, current: session.id == context.signedIn.session.id,
                                    created: Clock.text(session.createdAt), createdISO: Clock.iso(session.createdAt),
                                    lastSeen: Clock.text(session.lastSeenAt), lastSeenISO: Clock.iso(session.lastSeenAt))
        }
        return pages.render("account", AccountView(me: context.account.pseudonym, csrf: context.csrfToken, sessions: items, error: error), status: status)
    }

    @Sendable func revokeSession(_ request: Request, context: MemberContext) async throws -> Response {
        let id = try context.parameters.require("session")
        guard try await actions.endSession(ID(id), of: context.account) else { throw Refusal.notFound }
        return seeOther("/account")
    }

    @Sendable func deleteAccount(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        do {
            try await actions.deleteAccount(context.account, passphrase: form.text("passphrase"), clientAddress: context.clientAddress)
        } catch Refusal.wrongCredentials {
            return try await accountPage(context: context, error: "That passphrase is not right; nothing was deleted.", status: .unauthorized)
        }
        var response = pages.render("message", MessageView(me: nil, csrf: "", heading: "Account deleted",
                                                             message: "Your account, sessions and memberships are gone."))
        response.setCookie(expiredSessionCookie())
        return response
    }

    // MARK: Cookies

    private func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: token, maxAge: Int(environment.configuration.sessionAbsoluteTimeout), path: "/",
               secure: environment.configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    private func expiredSessionCookie() -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/",
               secure: environment.configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }
}
