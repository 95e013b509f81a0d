import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Public action pages and supporters. Everything here is reached without an account: by the
/// page's unguessable address, and for a supporter by the secret in their own cookie. Nothing
/// here reads the assembly's members, chat or votes.
struct SupporterPages {
    let environment: WebEnvironment
    let work: ProofOfWork
    var cache: PublicPageCache { environment.publicPages }
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    static let cookieName = "wc_supporter"

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/s/{token}", use: publicPage)
        routes.open(.post, "/s/{token}/sign-up", use: signUp)
        routes.open(.post, "/s/{token}/called", use: called)
        routes.open(.get, "/supporter", use: supporterPage)
        return routes
    }

    /// The action as its page says it; refused alike for an address never made, and (with its
    /// own words) for a page the assembly withdrew or an action called off.
    private func publicAction(_ context: AppRequestContext) async throws -> (Action, String) {
        guard let token = context.parameters.get("token"), let action = try await store.publicAction(token: token) else {
            throw HTTPError(.notFound)
        }
        guard action.isPublic else { throw PublicPageGone() }
        return (action, token)
    }

    private func supporter(_ request: Request) async throws -> Supporter? {
        guard let secret = request.cookies[Self.cookieName]?.value else { return nil }
        return try await store.supporter(token: secret)
    }

    @Sendable func publicPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The page that goes viral is served from memory, without touching the database, to all
        // but its own supporters. A withdrawal on another node shows here within a second.
        let signedUp = request.cookies[Self.cookieName] != nil
        if !signedUp, let token = context.parameters.get("token") {
            let (cached, render) = cache.get(token, now: now)
            if let cached, !render { return cached.response(csrf: context.csrfToken, challenge: work.challenge(now: now)) }
        }
        let action: Action, token: String
        do {
            (action, token) = try await publicAction(context)
        } catch {
            if let token = context.parameters.get("token") { cache.drop(token) }
            throw error
        }
        let me = try await supporter(request)
        // A supporter who signed up sees their own page; everyone else the shared one.
        if let me, try await store.hasSignedUp(me.id, for: action.id) {
            return try await render(action, token: token, me: me, error: nil, status: .ok).response(csrf: context.csrfToken, challenge: work.challenge(now: now))
        }
        let page = try await render(action, token: token, me: nil, error: nil, status: .ok)
        cache.put(token, page, now: now)
        return page.response(csrf: context.csrfToken, challenge: work.challenge(now: now))
    }

    private func render(_ action: Action, token: String, me: Supporter?, error: String?, status: HTTPResponse.Status,
                        form: SignUpForm? = nil) async throws -> PublicPageCache.Page {
        let shifts = try await store.shifts(of: action.id, viewer: me.map { .supporter($0.id) })
        let counts = try await store.supportCounts(of: action.id)
        let view = PublicActionView(action: action, token: token, shifts: shifts, counts: counts, me: me, error: error, form: form,
                                    workBits: work.bits, patience: Int(work.patience), now: now)
        return PublicPageCache.Page(environment.pages.fragment("public-action", view), status: Int(status.code))
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (action, token) = try await publicAction(context)
        let form = try await FormDecoding.decode(SignUpForm.self, from: request, context: context)
        let me = try await supporter(request)
        do {
            try await environment.guesses.check("supporter:\(context.clientAddress)", environment.configuration.rateLimits.supporterSignupsPerAddress, now: now)
            let (name, contact) = try Supporter.validated(name: form.name ?? "", contact: form.contact ?? "")
            let shifts = form.shifts ?? []
            guard shifts.count <= 20 else { throw InputError(field: "shifts", "Choose at most 20 shifts.") }
            try work.redeem(form.challenge ?? "", nonce: form.nonce, now: now)
            let (_, secret) = try await store.signUpSupporter(existing: me?.id, name: name, contact: contact, for: action.id,
                                                             shifts: shifts.map(ID.init), now: now)
            cache.drop(token)
            var response = seeOther(Paths.publicAction(token) + "#you")
            if let secret {
                response.setCookie(Cookie(name: Self.cookieName, value: secret.value, maxAge: 180 * 86400, path: "/",
                                          secure: environment.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            }
            return response
        } catch let error as InputError {
            return try await render(action, token: token, me: me, error: error.message, status: .unprocessableContent, form: form)
                .response(csrf: context.csrfToken, challenge: work.challenge(now: now))
        }
    }

    @Sendable func called(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (action, token) = try await publicAction(context)
        guard let me = try await supporter(request) else { throw Refusal.notFound }
        try await store.reportCall(by: me.id, for: action.id, now: now)
        cache.drop(token)
        return seeOther(Paths.publicAction(token) + "#call")
    }

    /// The public actions this supporter signed up for: all a supporter account ever sees.
    @Sendable func supporterPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try await supporter(request)
        var actions: [(Action, token: String)] = []
        if let me { actions = try await store.actions(ofSupporter: me.id) }
        let view = SupporterView(chrome: PageChrome(me: nil, csrf: context.csrfToken), name: me?.name,
                                 actions: actions.map { SupporterView.Item(title: $0.0.title, link: Paths.publicAction($0.token), when: ZonedTimeView($0.0.starts)) },
                                 hasActions: !actions.isEmpty)
        return environment.pages.render("supporter", view)
    }
}

/// A public page withdrawn by the assembly, or of an action called off.
struct PublicPageGone: Error {}

extension PublicPageCache.Page {
    func response(csrf: String, challenge: String) -> Response {
        var response = Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: filled(csrf: csrf, challenge: challenge))))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

struct SignUpForm: Decodable, Sendable {
    let name: String?
    let contact: String?
    let shifts: [String]?
    let challenge: String?
    let nonce: String?
}
