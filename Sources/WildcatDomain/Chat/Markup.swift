/// Safe chat formatting, parsed into a tree that the web layer renders with escaping. There is no
/// way to express raw HTML: every character ends up as text, a link, or a mention.
///
/// Syntax: blank lines separate paragraphs; lines starting with `> ` form a quote;
/// `**bold**`; `*italic*` or `_italic_`; http(s) URLs become links; `@name` mentions a member.
public enum Markup {
    /// A paragraph or a quote of paragraphs.
    public enum Block: Sendable, Hashable {
        case paragraph([Inline])
        case quote([[Inline]])
    }

    /// A run of text inside a paragraph.
    public enum Inline: Sendable, Hashable {
        case text(String)
        case lineBreak
        case bold([Inline])
        case italic([Inline])
        case link(url: String)
        /// A mention as written (without `@`) and the folded key used to find the member.
        case mention(name: String, key: String)
    }

    public static func parse(_ text: String) -> [Block] {
        var blocks: [Block] = []
        for chunk in paragraphs(text) {
            let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.allSatisfy({ $0.hasPrefix(">") }) {
                let inner = lines.map { line -> String in
                    var body = Substring(line.dropFirst())
                    if body.hasPrefix(" ") { body = body.dropFirst() }
                    return String(body)
                }.joined(separator: "\n")
                blocks.append(.quote(paragraphs(inner).map { inlines($0) }))
            } else {
                blocks.append(.paragraph(inlines(chunk)))
            }
        }
        return blocks
    }

    /// Folded keys of everyone mentioned, once each, in order of first mention.
    public static func mentions(in text: String) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        func collect(_ items: [Inline]) {
            for item in items {
                switch item {
                case .mention(_, let key) where seen.insert(key).inserted: keys.append(key)
                case .bold(let inner), .italic(let inner): collect(inner)
                default: break
                }
            }
        }
        for block in parse(text) {
            switch block {
            case .paragraph(let items): collect(items)
            case .quote(let paragraphs): paragraphs.forEach(collect)
            }
        }
        return keys
    }

    // MARK: Parsing

    private static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    static func inlines(_ text: String) -> [Inline] {
        var scanner = Scanner(Array(text))
        return scanner.parse()
    }

    private struct Scanner {
        let chars: [Character]
        var index = 0
        init(_ chars: [Character]) { self.chars = chars }

        mutating func parse() -> [Inline] {
            var out: [Inline] = []
            var text = ""
            func flush() { if !text.isEmpty { out.append(.text(text)); text = "" } }
            while index < chars.count {
                let c = chars[index]
                if c == "\n" {
                    flush(); out.append(.lineBreak); index += 1
                } else if matches("**"), let end = find("**", from: index + 2), end > index + 2 {
                    flush()
                    index += 2
                    var inner = Scanner(Array(chars[index..<end]))
                    out.append(.bold(inner.parse()))
                    index = end + 2
                } else if (c == "*" || c == "_"), isWordBoundaryBefore(index), let end = find(String(c), from: index + 1), end > index + 1,
                          chars[index + 1] != " ", chars[end - 1] != " " {
                    flush()
                    var inner = Scanner(Array(chars[(index + 1)..<end]))
                    out.append(.italic(inner.parse()))
                    index = end + 1
                } else if c == "@", isWordBoundaryBefore(index), let (name, length) = mention(at: index + 1) {
                    flush()
                    out.append(.mention(name: name, key: Pseudonym.fold(name)))
                    index += 1 + length
                } else if (c == "h" || c == "H"), isWordBoundaryBefore(index), let (url, length) = link(at: index) {
                    flush()
                    out.append(.link(url: url))
                    index += length
                } else {
                    text.append(c); index += 1
                }
            }
            flush()
            return out
        }

        func matches(_ token: String) -> Bool {
            let t = Array(token)
            guard index + t.count <= chars.count else { return false }
            return Array(chars[index..<(index + t.count)]) == t
        }

        /// The next occurrence of `token` on the same line.
        func find(_ token: String, from start: Int) -> Int? {
            let t = Array(token)
            var i = start
            while i + t.count <= chars.count {
                if chars[i] == "\n" { return nil }
                if Array(chars[i..<(i + t.count)]) == t { return i }
                i += 1
            }
            return nil
        }

        func isWordBoundaryBefore(_ i: Int) -> Bool {
            i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber)
        }

        func mention(at start: Int) -> (String, Int)? {
            var i = start
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || "._-'".contains(chars[i]) { i += 1 }
            // A trailing full stop or apostrophe is punctuation, not part of the name.
            while i > start, ".'".contains(chars[i - 1]) { i -= 1 }
            guard i - start >= 2 else { return nil }
            return (String(chars[start..<i]), i - start)
        }

        func link(at start: Int) -> (String, Int)? {
            let rest = String(chars[start..<min(chars.count, start + 8)]).lowercased()
            guard rest.hasPrefix("http://") || rest.hasPrefix("https://") else { return nil }
            var i = start
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "<", chars[i] != ">", chars[i] != "\"" { i += 1 }
            // Leave closing punctuation to the sentence.
            while i > start, ".,;:!?)]'".contains(chars[i - 1]) { i -= 1 }
            let url = String(chars[start..<i])
            guard url.count > (url.lowercased().hasPrefix("https://") ? 8 : 7), url.count <= 2000 else { return nil }
            return (url, i - start)
        }
    }
}
