import Hummingbird
import Logging

/// Errors of the JSON API become RFC 9457 problem documents.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "route": "\(context.endpointPath ?? "?")"])
            }
            return problem.jsonResponse()
        }
    }
}
