import Hummingbird
import WildcatDomain

/// Limits how fast one member (or, signed out, one address) may change things, on pages and API alike.
struct WriteLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let limit: RateLimit
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options: break
        default:
            let key = context.signedIn.map { "w:a:\($0.account.id)" } ?? "w:ip:\(context.clientAddress)"
            try limiter.check(key, limit, now: clock.now())
        }
        return try await next(request, context)
    }
}
