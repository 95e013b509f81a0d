import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
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
    let cache: AccessCache
    let touches: SessionTouches

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if configuration.trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty { context.clientAddress = String(first.prefix(64)) }
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        let token = isAPI ? Self.bearerToken(request) : request.cookies[Self.cookieName]?.value
        var anonymousCookie: Cookie?
        if let token, SecretToken.looksValid(token), let signedIn = try await liveSession(token: token) {
            context.signedIn = signedIn
            // API clients authenticate with a bearer token: no forms, no anti-forgery token.
            if !isAPI { context.csrfToken = csrf.token(binding: token) }
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

    /// The session for a token, if it is live; moves its idle expiry along (at most once a minute).
    private func liveSession(token: String) async throws -> SignedIn? {
        let now = Date()
        let tokenHash = SecretToken.hash(token)
        if let cached = cache.session(tokenHash: tokenHash, now: now) { return cached }
        guard case (var session, let account)? = try await store.session(tokenHash: tokenHash, now: now) else { return nil }
        let absoluteEnd = session.createdAt.addingTimeInterval(configuration.sessionAbsoluteTimeout)
        guard now < absoluteEnd else {
            try await store.revokeSession(session.id, accountID: account.id)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            // Written in batches (SessionTouches): a request should not cost a write for this.
            let expires = min(now.addingTimeInterval(configuration.sessionIdleTimeout), absoluteEnd)
            touches.note(session.id, lastSeen: now, expiresAt: expires)
            session = Session(id: session.id, accountID: session.accountID, device: session.device, createdAt: session.createdAt,
                              lastSeenAt: now, expiresAt: expires)
        }
        let signedIn = SignedIn(account: account, session: session)
        cache.remember(signedIn, tokenHash: tokenHash, now: now)
        return signedIn
    }

    static func bearerToken(_ request: Request) -> String? {
        // Plain byte checks: this runs on every API request.
        // The scheme's letters in any case (ASCII | 0x20 lowers them), then exactly a space.
        guard let header = request.headers[.authorization], header.utf8.count > 7,
              header.utf8.prefix(6).map({ $0 | 0x20 }).elementsEqual("bearer".utf8),
              header.utf8.dropFirst(6).first == UInt8(ascii: " ") else { return nil }
        var token = Substring(header).utf8.dropFirst(7)
        while token.first == UInt8(ascii: " ") { token = token.dropFirst() }
        while token.last == UInt8(ascii: " ") { token = token.dropLast() }
        return String(Substring(token))
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

/// Sessions seen in use, written to the database every 15 seconds in one transaction. Only the
/// "last used" time and the idle expiry wait; losing them in a crash costs nothing important.
public final class SessionTouches: Service, Sendable {
    private let pending = NIOLockedValueBox<[ID<Session>: (Date, Date)]>([:])
    let store: Store
    let logger: Logger

    init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func note(_ id: ID<Session>, lastSeen: Date, expiresAt: Date) {
        pending.withLockedValue { $0[id] = (lastSeen, expiresAt) }
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(15))
                    await self.flush()
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
        await flush()
    }

    func flush() async {
        let batch = pending.withLockedValue { pending in
            defer { pending = [:] }
            return pending
        }
        do {
            try await store.touchSessions(batch.map { (id: $0.key, lastSeen: $0.value.0, expiresAt: $0.value.1) })
        } catch {
            logger.warning("could not record session activity", metadata: ["error": "\(error)"])
        }
    }
}
