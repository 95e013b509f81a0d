import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WildcatDomain

/// Refuses any state-changing browser request that does not carry the page's anti-forgery token
/// or that comes from another origin; also limits how fast one client may write. API requests
/// authenticate with a bearer token and are exempt from the token check (not from the limit).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let limits: RateLimits
    /// host[:port] of the configured public URL, also accepted as an origin behind a proxy.
    let publicHost: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options:
            return try await next(request, context)
        default:
            break
        }
        let clientKey = context.signedIn.map { "w:a:\($0.account.id)" } ?? "w:ip:\(context.clientAddress)"
        try limiter.check(clientKey, limits.writesPerClient)
        if request.uri.path.hasPrefix("/api/") {
            return try await next(request, context)
        }
        // Under Referrer-Policy: no-referrer browsers send "Origin: null" for same-site forms, so
        // only a concrete foreign origin is refused here; the token below is the real defence.
        if let origin = request.headers[.origin], origin != "null", !SameOrigin.allows(origin, authority: request.head.authority, publicHost: publicHost) {
            context.logger.notice("refused a cross-origin form", metadata: ["origin": "\(origin.prefix(100))"])
            throw Refusal.csrfRejected
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let given = try request.headers[CSRF.headerName] ?? FormBody(body)[CSRF.fieldName]
        guard let given, CSRF.matches(given, context.csrfToken) else {
            context.logger.notice("refused a form without a valid anti-forgery token", metadata: ["route": "\(context.endpointPath ?? "?")"])
            throw Refusal.csrfRejected
        }
        return try await next(request, context)
    }
}

/// Whether a request's Origin names this server. Hosts are compared without ports: cookies are
/// not port-bound either, and proxies and clients disagree about default ports.
enum SameOrigin {
    static func allows(_ origin: String, authority: String?, publicHost: String?) -> Bool {
        guard let originHost = URLComponents(string: origin)?.host?.lowercased(), !originHost.isEmpty else { return false }
        return [authority, publicHost].compactMap { $0.map(hostname) }.contains(originHost)
    }

    /// "example.org:8080" → "example.org"; "[::1]:8080" → "::1".
    static func hostname(_ authority: String) -> String {
        URLComponents(string: "http://\(authority)")?.host?.lowercased() ?? authority.lowercased()
    }
}
