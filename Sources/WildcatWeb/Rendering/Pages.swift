import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders the Mustache templates bundled with the web module. Mustache escapes every `{{value}}`,
/// so names and other text people typed cannot become markup. Pieces shared by pages and live
/// frames (a message, a result) are partials under `templates/partials`.
public struct Pages: Sendable {
    /// Every template, compiled once per language (`TemplateText`).
    let libraries: [String: MustacheLibrary]
    let translations: Translations

    public static func load() async throws -> Pages {
        MustacheContentTypes.register(ScalarHTMLEscaping(), named: ScalarHTMLEscaping.name)
        let translations = try Translations.load()
        let directory = try ResourceFiles.base().appendingPathComponent("templates")
        let sources = try templateSources(in: directory)
        var libraries: [String: MustacheLibrary] = [:]
        for language in translations.languages {
            var library = MustacheLibrary()
            for (name, text) in sources {
                try library.register(TemplateText.translate(text, named: name, into: language, with: translations), named: name)
            }
            libraries[language] = library
        }
        return Pages(libraries: libraries, translations: translations)
    }

    /// Each `.mustache` file under `directory`, named by its path without the extension.
    private static func templateSources(in directory: URL) throws -> [String: String] {
        var sources: [String: String] = [:]
        guard let files = FileManager.default.enumerator(atPath: directory.path) else { return [:] }
        for case let path as String in files where path.hasSuffix(".mustache") {
            sources[String(path.dropLast(".mustache".count))] = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        }
        return sources
    }

    /// The templates in the language of the request being answered.
    var library: MustacheLibrary { libraries[Language.current] ?? libraries[Language.source]! }

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
