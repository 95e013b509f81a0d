import Foundation
import HTTPTypes
import Hummingbird
import WildcatDomain
import WildcatStore

/// Pages: the session is in an HttpOnly cookie. Also gives every page its anti-forgery token,
/// bound to the session, or for signed-out visitors to a random cookie of their own.
struct CookieSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "wc_session"
    static let anonymousCookieName = "wc_anon"
    /// The known-device token: lets this device's correct passphrase through unslowed.
    static let deviceCookieName = "wc_device"

    let sessions: SessionLookup
    let csrf: CSRF
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var anonymousCookie: Cookie?
        if let token = request.cookies[Self.cookieName]?.value, let signedIn = try await sessions.signedIn(token: token, path: request.uri.path) {
            context.signedIn = signedIn
            context.csrfToken = csrf.token(binding: token)
        } else if let anonymous = request.cookies[Self.anonymousCookieName]?.value, SecretToken.looksValid(anonymous) {
            context.csrfToken = csrf.token(binding: anonymous)
        } else {
            let fresh = SecretToken.generate().value
            context.csrfToken = csrf.token(binding: fresh)
            anonymousCookie = Cookie(name: Self.anonymousCookieName, value: fresh, maxAge: 86400, path: "/",
                                     secure: secureCookies, httpOnly: true, sameSite: .lax)
        }
        var response = try await next(request, context)
        // Only pages carry forms; a page that signed someone in sets its own cookie instead.
        if let anonymousCookie, response.headers[.contentType]?.hasPrefix("text/html") == true,
           response.headers[values: .setCookie].allSatisfy({ !$0.hasPrefix(Self.cookieName + "=") }) {
            response.setCookie(anonymousCookie)
        }
        return response
    }

    static func sessionCookie(_ token: String, configuration: WebConfiguration) -> Cookie {
        Cookie(name: cookieName, value: token, maxAge: Int(configuration.sessionAbsoluteTimeout), path: "/",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Kept a year: it identifies the device to the account, nothing else.
    static func deviceCookie(_ token: String, configuration: WebConfiguration) -> Cookie {
        Cookie(name: deviceCookieName, value: token, maxAge: 365 * 86400, path: "/login",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    static func expiredSessionCookie(configuration: WebConfiguration) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }
}
