import Foundation

/// One language's messages, read from a gettext `.po` file (what Weblate and Poedit edit).
/// Only what Wildcat uses is read: a context, a message, its plural, and its translations.
/// Untranslated and fuzzy entries are left out, so the English text shows instead.
struct Catalog: Sendable {
    struct ParseError: Error, CustomStringConvertible {
        let line: Int
        let problem: String
        var description: String { "line \(line): \(problem)" }
    }

    let language: String
    /// Keyed by `Catalog.key(context, message)`; one translation, or one per plural form.
    let messages: [String: [String]]

    static func key(_ context: String?, _ message: String) -> String {
        context.map { "\($0)\u{4}\(message)" } ?? message
    }

    init(language: String, messages: [String: [String]]) {
        self.language = language
        self.messages = messages
    }

    init(language: String, po text: String) throws(ParseError) {
        var messages: [String: [String]] = [:]
        var entry = Entry()
        var field: Entry.Field?
        func finish() {
            if !entry.fuzzy, let id = entry.id, !id.isEmpty, !entry.translations.isEmpty,
               entry.translations.values.allSatisfy({ !$0.isEmpty }) {
                messages[Catalog.key(entry.context, id)] = entry.translations.sorted { $0.key < $1.key }.map(\.value)
            }
            entry = Entry()
            field = nil
        }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { finish(); continue }
            if line.hasPrefix("#") {
                if entry.started { finish() }
                if line.hasPrefix("#,") && line.contains("fuzzy") { entry.fuzzy = true }
                continue
            }
            if line.hasPrefix("\"") {
                guard let field else { throw ParseError(line: number + 1, problem: "a string that continues nothing") }
                entry.append(try Self.string(line, line: number + 1), to: field)
                continue
            }
            guard let space = line.firstIndex(of: " ") else { throw ParseError(line: number + 1, problem: "expected a keyword and a string") }
            let keyword = String(line[..<space])
            let value = try Self.string(String(line[space...]).trimmingCharacters(in: .whitespaces), line: number + 1)
            let next: Entry.Field
            switch keyword {
            case "msgctxt":
                if entry.started { finish() }
                next = .context
            case "msgid":
                if entry.id != nil { finish() }
                next = .id
            case "msgid_plural": next = .plural
            case "msgstr": next = .translation(0)
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let index = Int(keyword.dropFirst(7).dropLast()), index >= 0, index < 6 else {
                    throw ParseError(line: number + 1, problem: "unknown keyword \(keyword)")
                }
                next = .translation(index)
            }
            entry.begin(next, with: value)
            field = next
        }
        finish()
        self.init(language: language, messages: messages)
    }

    /// A quoted PO string, unescaped.
    private static func string(_ quoted: String, line: Int) throws(ParseError) -> String {
        guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else { throw ParseError(line: line, problem: "expected a quoted string") }
        var result = ""
        var escaped = false
        for character in quoted.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: throw ParseError(line: line, problem: "unknown escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { throw ParseError(line: line, problem: "a string ends in a backslash") }
        return result
    }

    private struct Entry {
        enum Field { case context, id, plural, translation(Int) }
        var context: String?
        var id: String?
        var plural: String?
        var translations: [Int: String] = [:]
        var fuzzy = false
        var started: Bool { context != nil || id != nil }

        mutating func begin(_ field: Field, with value: String) {
            switch field {
            case .context: context = value
            case .id: id = value
            case .plural: plural = value
            case .translation(let index): translations[index] = value
            }
        }

        mutating func append(_ value: String, to field: Field) {
            switch field {
            case .context: context = (context ?? "") + value
            case .id: id = (id ?? "") + value
            case .plural: plural = (plural ?? "") + value
            case .translation(let index): translations[index, default: ""] += value
            }
        }
    }
}
