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
        if let origin = request.headers[.origin], origin != "null" {
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            let host = request.head.authority
            guard let originHost, originHost == host || originHost == publicHost else {
                context.logger.notice("refused a cross-origin form", metadata: ["origin": "\(origin.prefix(100))", "host": "\(host ?? "-")"])
                throw Refusal.csrfRejected
            }
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
