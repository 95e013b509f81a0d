import Hummingbird

/// The JSON API: the session token comes as `Authorization: Bearer <token>`, never from a
/// cookie, so a page on another site cannot use a member's browser to call the API.
struct BearerSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionLookup

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = Self.bearerToken(request) {
            context.signedIn = try await sessions.signedIn(token: token, path: request.uri.path)
        }
        return try await next(request, context)
    }

    static func bearerToken(_ request: Request) -> String? {
        // Plain byte checks: this runs on every API request.
        // The scheme's letters in any case (ASCII | 0x20 lowers them), then exactly a space.
        guard let header = request.headers[.authorization], header.utf8.count > 7,
              header.utf8.prefix(6).map({ $0 | 0x20 }).elementsEqual("bearer".utf8),
              header.utf8.dropFirst(6).first == UInt8(ascii: " ") else { return nil }
        var token = Substring(header).utf8.dropFirst(7)
        while token.first == UInt8(ascii: " ") { token = token.dropFirst() }
        while token.last == UInt8(ascii: " ") { token = token.dropLast() }
        return String(Substring(token))
    }
}
