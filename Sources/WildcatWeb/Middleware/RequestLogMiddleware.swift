import Foundation
import Hummingbird
import Logging

/// Logs each request by its route pattern (`/join/{token}`), never its concrete path, query,
/// headers or body: those may carry invite tokens, session cookies or passphrases. Requests are
/// logged at debug level (off by default: a log of when members were active is itself
/// something to protect, and a line per request costs a busy server); server errors always.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let level: Logger.Level = response.status.code >= 500 ? .error : .debug
        guard context.logger.logLevel <= level else { return response }
        // An anonymous ballot leaves no line, not even its time (docs/secret-ballots.md).
        if context.endpointPath == CastRoute.path { return response }
        let elapsed = ContinuousClock.now - start
        context.logger.log(level: level, "request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(response.status.code)",
            "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ])
        return response
    }
}
