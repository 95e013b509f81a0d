import Hummingbird

/// Answers each request in the reader's language: the one they chose on this device (the
/// language form's cookie), else the first of the browser's languages (Accept-Language) that
/// Wildcat has, else English. Outermost, so error pages follow it too.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let available: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let chosen = request.cookies[LanguagePages.cookieName]?.value
        let language = chosen.flatMap { available.contains($0) ? $0 : nil } ?? Language.negotiate(request.headers[.acceptLanguage], among: available)
        var response = try await Language.$current.withValue(language) {
            try await ReturnAddress.$current.withValue(ReturnAddress.of(request)) { try await next(request, context) }
        }
        // Caches must not serve one reader's language to another.
        response.headers[.vary] = response.headers[.vary].map { "\($0), Accept-Language" } ?? "Accept-Language, Cookie"
        return response
    }
}
