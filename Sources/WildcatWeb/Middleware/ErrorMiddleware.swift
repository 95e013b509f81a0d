import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import WildcatDomain

/// The one error path: every error becomes a status plus an HTML page for people or an
/// RFC 9457 problem document for the API. Unexpected errors are logged and shown as a plain 500
/// without internals. It also adds the security headers to every response, errors included.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: Pages
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = respond(to: error, request: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers, secure: secureCookies)
        return response
    }

    func respond(to error: any Error, request: Request, context: Context) -> Response {
        let problem = Problem(error)
        if problem.status == .internalServerError {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "route": "\(context.endpointPath ?? "?")"])
        }
        let isAPI = request.uri.path.hasPrefix("/api/")
        if !isAPI, case Refusal.notSignedIn = error, request.method == .get {
            return seeOther("/login?next=\(Self.safeNext(request.uri.path))")
        }
        var response: Response
        if isAPI {
            response = problem.jsonResponse()
        } else {
            let view = ErrorView(me: context.signedIn?.account.pseudonym, csrf: context.csrfToken, heading: problem.title, message: problem.detail)
            response = pages.render("error", view, status: problem.status)
        }
        if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
        return response
    }

    /// Only local paths may be a post-login destination (no open redirect).
    static func safeNext(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count < 200,
              path.allSatisfy({ $0.isLetter || $0.isNumber || "/-_".contains($0) }) else { return "/" }
        return path
    }
}

/// A failure as a status, a title and a detail for people.
struct Problem: Sendable {
    let status: HTTPResponse.Status
    let title: String
    let detail: String
    var field: String?
    var retryAfter: Int?

    init(status: HTTPResponse.Status, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
    }

    init(_ error: any Error) {
        switch error {
        case let error as InputError:
            self.init(status: .unprocessableContent, title: "Please check what you entered", detail: error.message, field: error.field)
        case let refusal as Refusal:
            self.init(refusal)
        case let error as TallyError:
            self.init(Refusal.invalidBallot(error.message))
        case is NIOTooManyBytesError:
            self.init(Refusal.bodyTooLarge)
        case let error as DecodingError:
            self.init(status: .badRequest, title: "Malformed request", detail: Self.describe(error))
        case let error as HTTPError:
            switch error.status {
            case .notFound: self.init(status: .notFound, title: "Not found", detail: "There is nothing here, or it is not yours to see.")
            case .contentTooLarge: self.init(status: .contentTooLarge, title: "Too large", detail: "The request is larger than \(Limits.requestBodyBytes / 1024) KB.")
            default: self.init(status: error.status, title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            }
        default:
            self.init(status: .internalServerError, title: "Something went wrong", detail: "The server could not complete this request. Nothing was changed; try again.")
        }
    }

    init(_ refusal: Refusal) {
        switch refusal {
        case .pseudonymTaken:
            self.init(status: .conflict, title: "Pseudonym taken", detail: "Someone on this server already uses that pseudonym. Choose another.", field: "pseudonym")
        case .inviteNotUsable(let status):
            self.init(status: .gone, title: "Invite not usable", detail: status.explanation)
        case .inviteNotFound:
            self.init(status: .notFound, title: "Invite not found", detail: "This invite link is not valid. Check that it was copied whole, or ask for a new one.")
        case .notFound:
            self.init(status: .notFound, title: "Not found", detail: "There is nothing here, or it is not yours to see.")
        case .alreadyMember:
            self.init(status: .conflict, title: "Already a member", detail: "You are already a member of this assembly.")
        case .notPermitted(let why):
            self.init(status: .forbidden, title: "Not allowed", detail: why)
        case .wrongCredentials:
            self.init(status: .unauthorized, title: "Sign-in failed", detail: "That pseudonym and passphrase do not match.")
        case .notSignedIn:
            self.init(status: .unauthorized, title: "Sign in first", detail: "You need to be signed in to do this.")
        case .rateLimited(let seconds):
            self.init(status: .tooManyRequests, title: "Too many attempts", detail: "Too many attempts. Wait \(seconds) seconds and try again.")
            self.retryAfter = seconds
        case .csrfRejected:
            self.init(status: .forbidden, title: "Form expired", detail: "This form is out of date or came from another site. Go back, reload the page and try again.")
        case .bodyTooLarge:
            self.init(status: .contentTooLarge, title: "Too large", detail: "The request is larger than \(Limits.requestBodyBytes / 1024) KB.")
        case .nameTaken(let why):
            self.init(status: .conflict, title: "Name taken", detail: why, field: "name")
        case .votingClosed:
            self.init(status: .conflict, title: "Voting has closed", detail: "This proposal is closed; its result is final.")
        case .invalidBallot(let why):
            self.init(status: .unprocessableContent, title: "Please check your ballot", detail: why, field: "ballot")
        }
    }

    func jsonResponse() -> Response {
        var body: [String: String] = ["type": "about:blank", "title": title, "detail": detail]
        if let field { body["field"] = field }
        var object: [String: Any] = body
        object["status"] = Int(status.code)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "The field \"\(key.stringValue)\" is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "The body has the wrong shape." : "The field \"\(path)\" has the wrong type."
        case .dataCorrupted: return "The body is not valid JSON (UTF-8)."
        @unknown default: return "The body could not be read."
        }
    }
}

/// Headers on every response: a strict content security policy (no inline script), no referrer,
/// no framing, no MIME sniffing.
enum SecurityHeaders {
    static let policy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    static func apply(to headers: inout HTTPFields, secure: Bool) {
        headers[.contentSecurityPolicy] = policy
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if secure { headers[.strictTransportSecurity] = "max-age=31536000" }
    }
}
