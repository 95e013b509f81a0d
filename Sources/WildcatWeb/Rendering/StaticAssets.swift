import Foundation
import Hummingbird
import NIOCore

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
        if name.hasSuffix(".png") { return "image/png" }
        if name.hasSuffix(".webmanifest") { return "application/manifest+json" }
        return "application/octet-stream"
    }
}
