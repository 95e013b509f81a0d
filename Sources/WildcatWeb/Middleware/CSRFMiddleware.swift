import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WildcatDomain

/// Pages: refuses any state-changing request that does not carry the page's anti-forgery token,
/// or that comes from another origin.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// host[:port] of the configured public URL, also accepted as an origin behind a proxy.
    let publicHost: String?
    /// For the upload route alone: a multipart form's token is a part of it, which its handler
    /// checks before it stores anything (this middleware reads only small plain forms).
    var tokenCheckedByHandler = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options: return try await next(request, context)
        default: break
        }
        // Under Referrer-Policy: no-referrer browsers send "Origin: null" for same-site forms, so
        // only a concrete foreign origin is refused here; the token below is the real defence.
        if let origin = request.headers[.origin], origin != "null", !SameOrigin.allows(origin, authority: request.head.authority, publicHost: publicHost) {
            context.logger.notice("refused a cross-origin form", metadata: ["origin": "\(origin.prefix(100))"])
            throw Refusal.csrfRejected
        }
        if tokenCheckedByHandler {
            guard MultipartForm.boundary(of: request.headers[.contentType]) != nil else { throw Refusal.csrfRejected }
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let given = request.headers[CSRF.headerName] ?? FormDecoding.field(CSRF.fieldName, in: body)
        guard let given, CSRF.matches(given, context.csrfToken) else {
            context.logger.notice("refused a form without a valid anti-forgery token", metadata: ["route": "\(context.endpointPath ?? "?")"])
            throw Refusal.csrfRejected
        }
        return try await next(request, context)
    }
}

/// Anti-forgery tokens: an HMAC of the session (or anonymous) cookie under the instance key.
/// A cross-site page can neither read the cookie nor compute the HMAC.
struct CSRF: Sendable {
    static let fieldName = "csrf"
    static let headerName = HTTPField.Name("X-CSRF-Token")!
    let keys: InstanceKeys

    func token(binding: String) -> String {
        Data(keys.mac("csrf:\(binding)")).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Constant-time comparison.
    static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
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
