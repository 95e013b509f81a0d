import Foundation

/// Every shipped catalog (`Resources/locales/<language>.po`), and the lookups pages and code
/// make. A message a catalog lacks shows in English.
struct Translations: Sendable {
    let catalogs: [String: Catalog]

    /// The languages a reader may be served: English and every catalog.
    var languages: Set<String> { Set(catalogs.keys).union([Language.source]) }

    static func load() throws -> Translations {
        let directory = try ResourceFiles.base().appendingPathComponent("locales")
        var catalogs: [String: Catalog] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".po") {
            let language = String(name.dropLast(3))
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            do {
                catalogs[language] = try Catalog(language: language, po: text)
            } catch {
                throw CatalogLoadError(file: name, error: error)
            }
        }
        return Translations(catalogs: catalogs)
    }

    struct CatalogLoadError: Error, CustomStringConvertible {
        let file: String
        let error: Catalog.ParseError
        var description: String { "locales/\(file), \(error)" }
    }

    /// `message` in `language`.
    func text(_ message: String, context: String? = nil, in language: String) -> String {
        catalogs[language]?.messages[Catalog.key(context, message)]?.first ?? message
    }

    /// The form for `count` of a message with an English singular and plural, with `{{count}}`
    /// filled in (written as the reader's locale writes numbers).
    func plural(_ one: String, _ other: String, count: Int, in language: String) -> String {
        let forms = catalogs[language]?.messages[Catalog.key(nil, one)]
        let form = forms.flatMap { forms in
            let index = PluralRules.form(of: count, in: language)
            return index < forms.count ? forms[index] : nil
        } ?? (count == 1 ? one : other)
        let number = count.formatted(.number.locale(Locale(identifier: language)))
        return form.replacingOccurrences(of: "{{count}}", with: number)
    }
}
