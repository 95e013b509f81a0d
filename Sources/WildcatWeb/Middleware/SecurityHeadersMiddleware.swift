import Hummingbird
import Logging
import HTTPTypes

/// Outermost: adds the security headers to every response (errors included) and turns anything
/// that escaped the page and API stacks (an unmatched path, a failure before a stack's own error
/// handling) into a plain page that reveals nothing.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let secure: Bool
    let pages: Pages

    /// A strict content security policy (no inline script), no referrer, no framing, no sniffing.
    static let policy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "manifest-src 'self'", "worker-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            }
            response = pages.render("error", ErrorView(chrome: PageChrome(me: nil, csrf: ""), heading: problem.title, message: problem.detail), status: problem.status)
        }
        Self.apply(to: &response.headers, secure: secure)
        return response
    }

    static func apply(to headers: inout HTTPFields, secure: Bool) {
        // A response may be stricter than pages (a member's file: nothing at all runs).
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = policy }
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if secure { headers[.strictTransportSecurity] = "max-age=31536000" }
    }
}
