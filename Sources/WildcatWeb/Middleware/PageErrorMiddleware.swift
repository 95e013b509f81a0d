import Foundation
import Hummingbird
import Logging
import WildcatDomain

/// Errors of the pages become an error page, with the signed-in header (it runs after the
/// session is known). A signed-out visitor of a members' page is sent to sign in and back.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if case Refusal.notSignedIn = error, request.method == .get {
                return seeOther(Paths.login(next: SafeNext.path(request.uri.path)))
            }
            let problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "route": "\(context.endpointPath ?? "?")"])
            }
            var response = pages.render("error", ErrorView(chrome: PageChrome(context), heading: problem.title, message: problem.detail), status: problem.status)
            if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
            if let allow = problem.allow { response.headers[.allow] = allow }
            return response
        }
    }
}

/// Where a page may send someone after signing in: only a local path (no open redirect).
enum SafeNext {
    static func path(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count < 200,
              path.allSatisfy({ $0.isLetter || $0.isNumber || "/-_".contains($0) }) else { return Paths.home }
        return path
    }
}
