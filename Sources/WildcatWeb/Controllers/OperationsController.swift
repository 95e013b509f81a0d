import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import WildcatStore

/// Health, metrics, the OpenAPI document and static assets.
struct OperationsController {
    let store: Store
    let registry: PrometheusCollectorRegistry
    let assets: StaticAssets

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/metrics", use: metrics)
        router.get("/api/openapi.json") { _, _ in assets.response(for: "openapi.json", contentType: "application/json") }
        router.get("/static/{file}") { _, context in
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

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

/// Files under Resources/static plus the OpenAPI document, read once at start-up.
struct StaticAssets: Sendable {
    let files: [String: ByteBuffer]

    static func load() throws -> StaticAssets {
        let base = try ResourceFiles.base()
        var files: [String: ByteBuffer] = [:]
        let directory = base.appendingPathComponent("static")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = ByteBuffer(bytes: try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        files["openapi.json"] = ByteBuffer(bytes: try Data(contentsOf: base.appendingPathComponent("openapi.json")))
        return StaticAssets(files: files)
    }

    func response(for name: String, contentType: String) -> Response {
        guard let body = files[name] else { return Response(status: .notFound) }
        return Response(status: .ok, headers: [.contentType: contentType, .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: body))
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return "application/octet-stream"
    }
}
