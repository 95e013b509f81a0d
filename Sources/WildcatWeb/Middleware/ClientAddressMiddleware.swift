import Foundation
import HTTPTypes
import Hummingbird

/// Behind a trusted reverse proxy, the client's address (for rate limits) is the first one in
/// X-Forwarded-For; otherwise it is the connection's peer.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] else { return try await next(request, context) }
        var context = context
        let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if !first.isEmpty { context.clientAddress = String(first.prefix(64)) }
        return try await next(request, context)
    }
}
