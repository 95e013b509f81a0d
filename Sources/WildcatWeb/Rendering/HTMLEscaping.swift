import Mustache

/// Escaping for every template (`{{% CONTENT_TYPE: WILDCAT_HTML}}` at the top of each file).
/// Mustache's own HTML escaping looks at whole characters, so a quote or `<` followed by a
/// combining mark is one character it does not recognise, and would reach the page raw (ending
/// an attribute early). This escapes by Unicode scalar, so nothing slips through.
struct ScalarHTMLEscaping: MustacheContentType {
    static let name = "WILDCAT_HTML"

    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
