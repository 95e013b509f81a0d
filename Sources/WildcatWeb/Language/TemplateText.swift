import Foundation

/// A template's text in one language. Translatable text in a template is marked
/// `{{#t}}…{{/t}}` (it may hold `{{placeholders}}`, which translations keep); each language gets
/// its own compiled copy of every template, so rendering costs no lookups. `__LANG__` and
/// `__DIR__` become the language's code and writing direction, `__LANGUAGES__` the options of
/// the language form, this one selected.
enum TemplateText {
    static let open = "{{#t}}"
    static let close = "{{/t}}"

    struct Unclosed: Error, CustomStringConvertible {
        let template: String
        var description: String { "\(template): a {{#t}} without its {{/t}}" }
    }

    /// Every marked message, in order (for tests and the extraction script's check).
    static func messages(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    static func translate(_ text: String, named name: String, into language: String, with translations: Translations) throws -> String {
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { throw Unclosed(template: name) }
            result += rest[..<start.lowerBound]
            result += translations.text(String(rest[start.upperBound..<end.lowerBound]), in: language)
            rest = rest[end.upperBound...]
        }
        result += rest
        return result.replacingOccurrences(of: "__LANGUAGES__", with: options(selected: language, among: translations.languages))
            .replacingOccurrences(of: "__LANG__", with: language)
            .replacingOccurrences(of: "__DIR__", with: Language.direction(of: language))
    }

    /// Each language by its own name, in its own language and direction.
    static func options(selected: String, among languages: Set<String>) -> String {
        languages.sorted { (Language.names[$0] ?? $0) < (Language.names[$1] ?? $1) }.map { code in
            "<option value=\"\(code)\" lang=\"\(code)\" dir=\"\(Language.direction(of: code))\"\(code == selected ? " selected" : "")>\(Language.names[code] ?? code)</option>"
        }.joined()
    }
}
