import Foundation
import Hummingbird
import Logging
import NIOCore
import WildcatStore

/// Health, the OpenAPI document and static assets. (Metrics are served on a listener of their
/// own: see `MetricsListener`.)
struct OperationsController {
    let store: Store
    let assets: StaticAssets

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("/healthz", use: health)
            .get("/api/openapi.json") { _, _ in assets.response(for: "openapi.json", contentType: "application/json") }
            // The service worker is served from the root so that it may control every page.
            .get("/sw.js") { _, _ in assets.response(for: "sw.js", contentType: StaticAssets.contentType(of: "sw.js")) }
            .get("/manifest.webmanifest") { _, _ in
                assets.response(for: "manifest.webmanifest", contentType: StaticAssets.contentType(of: "manifest.webmanifest"))
            }
            .get("/static/{file}") { _, context in
                let name = try context.parameters.require("file")
                return assets.response(for: name, contentType: StaticAssets.contentType(of: name))
            }
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await store.ping()
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(error)"])
            return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
        }
    }
}
