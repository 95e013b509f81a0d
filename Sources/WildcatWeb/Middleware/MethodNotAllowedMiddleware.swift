import Hummingbird

/// The router answers a known path asked with a method it lacks as "not found"; this turns
/// that into a 405 naming the methods the path has, as a problem document under the API and
/// an error page elsewhere. Added last, so it wraps only the router's not-found answer.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: Pages
    let pageRoutes: RouteTable
    let apiRoutes: RouteTable
    let apiPrefix: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let isAPI = path.hasPrefix(apiPrefix + "/")
            let allowed = isAPI ? apiRoutes.methods(for: String(path.dropFirst(apiPrefix.count))) : pageRoutes.methods(for: path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            let problem = Problem(MethodNotAllowed(allowed: allowed))
            if isAPI { return problem.jsonResponse() }
            var response = pages.render("error", ErrorView(chrome: PageChrome(me: nil, csrf: ""), heading: problem.title, message: problem.detail),
                                        status: problem.status)
            response.headers[.allow] = problem.allow
            return response
        }
    }
}
