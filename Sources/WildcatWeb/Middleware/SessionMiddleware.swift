import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// Finds who is asking. Browsers carry the session in an HttpOnly cookie; API clients send the
/// same kind of token as `Authorization: Bearer`. The API ignores cookies, so a cross-site page
/// cannot use a member's browser to call it.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "wc_session"
    static let anonymousCookieName = "wc_anon"

    let store: Store
    let configuration: WebConfiguration
    let csrf: CSRF

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if configuration.trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty { context.clientAddress = String(first.prefix(64)) }
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        let token = isAPI ? Self.bearerToken(request) : request.cookies[Self.cookieName]?.value
        var anonymousCookie: Cookie?
        if let token, SecretToken.looksValid(token) {
            let now = Date()
            if let (session, account) = try await store.session(tokenHash: SecretToken.hash(token), now: now) {
                let absoluteEnd = session.createdAt.addingTimeInterval(configuration.sessionAbsoluteTimeout)
                if now < absoluteEnd {
                    context.signedIn = SignedIn(account: account, session: session)
                    context.csrfToken = csrf.token(binding: token)
                    // Writing on every request would make reads cost a write; a minute's precision is enough.
                    if now.timeIntervalSince(session.lastSeenAt) > 60 {
                        let idleEnd = now.addingTimeInterval(configuration.sessionIdleTimeout)
                        try await store.touchSession(session.id, now: now, expiresAt: min(idleEnd, absoluteEnd))
                    }
                } else {
                    try await store.revokeSession(session.id, accountID: account.id)
                }
            }
        }
        if !isAPI && context.signedIn == nil {
            // Anonymous forms (sign in, join) are bound to a random cookie instead of a session.
            if let anonymous = request.cookies[Self.anonymousCookieName]?.value, SecretToken.looksValid(anonymous) {
                context.csrfToken = csrf.token(binding: anonymous)
            } else {
                let fresh = SecretToken.generate().value
                context.csrfToken = csrf.token(binding: fresh)
                anonymousCookie = Cookie(name: Self.anonymousCookieName, value: fresh, maxAge: 86400, path: "/",
                                         secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
            }
        }
        var response = try await next(request, context)
        // Only pages carry forms; a page that signed someone in sets its own cookie instead.
        if let anonymousCookie, response.headers[.contentType]?.hasPrefix("text/html") == true,
           response.headers[values: .setCookie].allSatisfy({ !$0.hasPrefix(Self.cookieName + "=") }) {
            response.setCookie(anonymousCookie)
        }
        return response
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}

/// Anti-forgery tokens: an HMAC of the session (or anonymous) cookie under the instance key.
/// A cross-site page can neither read the cookie nor compute the HMAC.
struct CSRF: Sendable {
    static let fieldName = "csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    /// The instance secret (SymmetricKey itself is not Sendable here).
    let secret: [UInt8]

    func token(binding: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("csrf:\(binding)".utf8), using: SymmetricKey(data: secret))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Constant-time comparison.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
