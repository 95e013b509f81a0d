import Foundation
import Hummingbird
import WildcatDomain

/// A reader's own choice of language, from the form at the foot of every page. Kept in a cookie
/// on this device and nowhere else: nothing about the member changes on the server. Choosing
/// "As my browser says" removes it.
struct LanguagePages {
    let environment: WebEnvironment
    static let cookieName = "wc_lang"
    static let path = "/language"

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.post, Self.path, use: choose)
        return routes
    }

    struct Choice: Decodable {
        /// Empty or absent: as the browser says.
        let language: String?
        let next: String?
    }

    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormDecoding.decode(Choice.self, from: request, context: context)
        let language = form.language ?? ""
        guard language.isEmpty || environment.pages.translations.languages.contains(language) else {
            throw InputError(field: "language", "Wildcat has no pages in that language.")
        }
        var response = seeOther(SafeNext.path(form.next ?? Paths.home))
        let secure = environment.configuration.secureCookies
        response.setCookie(Cookie(name: Self.cookieName, value: language, maxAge: language.isEmpty ? 0 : 365 * 86400, path: "/",
                                  secure: secure, httpOnly: true, sameSite: .lax))
        return response
    }
}

/// Where the language form on a page brings the reader back: the page's own address when it was
/// fetched with GET, else the home page (a page answering a form post has no address to go back to).
enum ReturnAddress {
    @TaskLocal static var current = Paths.home

    static func of(_ request: Request) -> String {
        guard request.method == .get else { return Paths.home }
        return SafeNext.path(request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path)
    }
}
