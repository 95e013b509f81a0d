import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders the Mustache templates bundled with the web module. Mustache escapes every `{{value}}`,
/// so names and other text people typed cannot become markup. Pieces shared by pages and live
/// frames (a message, a result) are partials under `templates/partials`.
public struct Pages: Sendable {
    let library: MustacheLibrary

    public static func load() async throws -> Pages {
        MustacheContentTypes.register(ScalarHTMLEscaping(), named: ScalarHTMLEscaping.name)
        let directory = try ResourceFiles.base().appendingPathComponent("templates").path
        return Pages(library: try await MustacheLibrary(directory: directory))
    }

    /// A complete HTML response for `template` with `view` as its data.
    func render(_ template: String, _ view: some Sendable, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(view, withTemplate: template) ?? "<!doctype html><title>Error</title><p>Page \(template) is missing."
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        // Pages show private business: never cache them on shared devices or proxies.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A piece of HTML (a partial), for a live frame.
    func fragment(_ template: String, _ view: some Sendable) -> String {
        library.render(view, withTemplate: template) ?? ""
    }
}

/// Redirect after a successful form post (303: the browser follows with GET).
func seeOther(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
}
