import Foundation
import WildcatDomain

/// HTML for chat messages, built from the markup tree with every piece of text escaped. The same
/// function renders messages into pages and into live frames, so both look the same.
enum MessageHTML {
    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func body(_ text: String) -> String {
        Markup.parse(text).map { block in
            switch block {
            case .paragraph(let inlines): return "<p>\(render(inlines))</p>"
            case .quote(let paragraphs): return "<blockquote>\(paragraphs.map { "<p>\(render($0))</p>" }.joined())</blockquote>"
            }
        }.joined()
    }

    private static func render(_ inlines: [Markup.Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): return escape(text)
            case .lineBreak: return "<br>"
            case .bold(let inner): return "<strong>\(render(inner))</strong>"
            case .italic(let inner): return "<em>\(render(inner))</em>"
            case .link(let url):
                return "<a href=\"\(escape(url))\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">\(escape(url))</a>"
            case .mention(let name, let key):
                return "<span class=\"mention\" data-mention=\"\(escape(key))\">@\(escape(name))</span>"
            }
        }.joined()
    }

    /// A whole message. `own` shows the author's edit link (live frames leave it to the page's
    /// script, which knows who is reading); `inThread` drops the replies link.
    static func message(_ message: Message, assembly: String, own: Bool, inThread: Bool = false) -> String {
        let base = "/a/\(escape(assembly))/c/\(escape(message.channelID.rawValue))/m/\(message.id)"
        let threadBase = "/a/\(escape(assembly))/c/\(escape(message.channelID.rawValue))/m/\(message.threadRootID ?? message.id)"
        var html = "<article class=\"msg\(message.deleted ? " deleted" : "")\" id=\"m\(message.id)\" data-id=\"\(message.id)\""
        if let root = message.threadRootID { html += " data-root=\"\(root)\"" }
        if let author = message.authorID { html += " data-author=\"\(escape(author.rawValue))\"" }
        html += ">"
        if message.deleted {
            html += "<p class=\"muted\">Message deleted</p>"
        } else {
            html += "<header><strong class=\"author\">\(escape(message.author ?? "a former member"))</strong> "
            html += "<time datetime=\"\(Clock.iso(message.createdAt))\">\(escape(Clock.text(message.createdAt)))</time>"
            if message.editedAt != nil { html += " <span class=\"muted edited\">(edited)</span>" }
            html += "</header><div class=\"body\">\(body(message.body))</div>"
        }
        var actions: [String] = []
        if !inThread && message.threadRootID == nil {
            let replies = message.replyCount == 1 ? "1 reply" : "\(message.replyCount) replies"
            actions.append("<a href=\"\(threadBase)\" class=\"replies\">\(message.replyCount > 0 ? replies : "Reply")</a>")
        }
        if !message.deleted {
            actions.append("<a href=\"\(base)/edit\" class=\"own\"\(own ? "" : " hidden")>Edit</a>")
        }
        if !actions.isEmpty { html += "<footer class=\"msg-actions\">\(actions.joined(separator: " "))</footer>" }
        return html + "</article>"
    }
}
