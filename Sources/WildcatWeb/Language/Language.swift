import Foundation

/// The languages Wildcat's pages come in, and the one of the request being answered.
enum Language {
    /// English is the source: its text is in the templates and the code; the rest are catalogs.
    static let source = "en"

    /// Each language's name in itself, for the language form.
    static let names = ["en": "English", "fr": "Français", "es": "Español", "it": "Italiano", "de": "Deutsch", "ar": "العربية", "pl": "Polski"]

    /// The reader's language for the request being answered (set by `LanguageMiddleware`).
    @TaskLocal static var current = source

    /// Written right to left: the layout turns over (the CSS uses logical properties).
    static func direction(of language: String) -> String {
        ["ar", "fa", "he", "ur"].contains(language) ? "rtl" : "ltr"
    }

    /// The first of the reader's languages (an Accept-Language header, best first by weight)
    /// that Wildcat has, else English. "fr-CA" is served French; "*" and unknown tags are passed over.
    static func negotiate(_ header: String?, among available: Set<String>) -> String {
        guard let header else { return source }
        var wanted: [(tag: String, weight: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(32).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            wanted.append((tag, weight, order))
        }
        for choice in wanted.sorted(by: { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }) {
            let primary = String(choice.tag.prefix { $0 != "-" && $0 != "_" })
            if available.contains(primary) { return primary }
        }
        return source
    }
}
