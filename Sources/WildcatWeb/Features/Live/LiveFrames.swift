import Foundation
import WildcatDomain

/// Turns a live event into the JSON text sent to pages, once per event for all its recipients.
/// A message's HTML comes from the same partial the pages use.
struct LiveFrames: Sendable {
    let pages: Pages
    let cursors: LiveCursor

    /// nil for an event pages have no use for. Written by hand: it runs once per event at chat
    /// speed, and generic JSON serialization dominated the fan-out's profile.
    func frame(for event: LiveEvent) -> String? {
        var json = JSONObject()
        // The log's own id counts every event on the server: pages get it sealed.
        json.add("cursor", cursors.seal(event.id))
        json.add("assembly", event.assemblyID.rawValue)
        if let channel = event.channelID { json.add("channel", channel.rawValue) }
        switch event.payload {
        case .message(let message):
            json.add("type", "message")
            var data = JSONObject()
            data.add("id", message.id.rawValue)
            data.add("deleted", message.deleted)
            data.add("edited", message.editedAt != nil)
            data.add("replyCount", message.replyCount)
            data.add("createdAt", TimeText.iso(message.createdAt))
            if let root = message.threadRoot { data.add("threadRoot", root.rawValue) }
            if let author = message.authorID { data.add("authorId", author.rawValue) }
            if let name = message.author { data.add("author", name) }
            json.add(raw: "message", data.text)
            json.add("html", pages.fragment("partials/message", MessageItem(message, own: false)))
        case .direct(let message):
            json.add("type", "direct")
            var data = JSONObject()
            data.add("id", message.id.rawValue)
            data.add("conversation", message.conversationID.rawValue)
            data.add("authorId", message.authorID.rawValue)
            data.add("author", message.author)
            data.add("deleted", message.deleted)
            data.add("link", Paths.conversation(message.conversationID, in: message.assemblyID))
            json.add(raw: "data", data.text)
            if !message.deleted { json.add("html", pages.fragment("partials/direct-message", DirectMessageItem(message, own: false))) }
        case .channelCreated(let id, let name):
            json.add("type", "channelCreated")
            var data = JSONObject()
            data.add("id", id.rawValue)
            data.add("name", name)
            json.add(raw: "data", data.text)
        case .mention(_, let message, let channel, let by):
            json.add("type", "mention")
            var data = JSONObject()
            data.add("messageId", message.rawValue)
            data.add("channel", channel.rawValue)
            data.add("by", by)
            json.add(raw: "data", data.text)
        case .proposal(let id, let status):
            json.add("type", "proposal")
            var data = JSONObject()
            data.add("id", id.rawValue)
            data.add("status", status.rawValue)
            json.add(raw: "data", data.text)
        case .petition(let id, let signatures):
            json.add("type", "petition")
            var data = JSONObject()
            data.add("id", id.rawValue)
            data.add("signatures", signatures)
            json.add(raw: "data", data.text)
        case .memberJoined(let account):
            json.add("type", "memberJoined")
            json.add("account", account.rawValue)
        case .memberLeft(let account):
            json.add("type", "memberLeft")
            json.add("account", account.rawValue)
        case .observersChanged:
            json.add("type", "observersChanged")
        case .urgentVote(let id, let title):
            // By default the alert names no title: it says what happened, and where to look.
            json.add("type", "alert")
            var data = JSONObject()
            data.add("kind", "urgentVote")
            data.add("proposal", id.rawValue)
            data.add("link", Paths.proposal(id, in: event.assemblyID))
            data.add("text", AlertText.text(.urgentVote, title: title))
            json.add(raw: "data", data.text)
        case .pledge(let id, let count, let state):
            json.add("type", "pledge")
            var data = JSONObject()
            data.add("id", id.rawValue)
            data.add("count", count)
            data.add("state", state.rawValue)
            json.add(raw: "data", data.text)
        case .reactions(let id, let channel, let counts):
            json.add("type", "reactions")
            var data = JSONObject()
            data.add("id", id.rawValue)
            data.add("channel", channel.rawValue)
            var list = JSONObject()
            for count in counts { list.add(count.reaction.rawValue, count.count) }
            data.add(raw: "counts", list.text)
            json.add(raw: "data", data.text)
        case .actionBoard(let id):
            json.add("type", "actionBoard")
            var data = JSONObject()
            data.add("id", id.rawValue)
            json.add(raw: "data", data.text)
        case .pledgeReached(let id, _):
            // Sent to pledgers only; the names are on the pledge's page, read with their session.
            json.add("type", "alert")
            var data = JSONObject()
            data.add("kind", "pledgeReached")
            data.add("pledge", id.rawValue)
            data.add("link", Paths.pledge(id, in: event.assemblyID))
            data.add("text", AlertText.text(.pledgeReached, title: nil))
            json.add(raw: "data", data.text)
        }
        return json.text
    }

    /// Sent when a page cannot catch up (it was away too long, or fell too far behind), or lost
    /// its membership: it reloads.
    static let reset = #"{"type":"reset"}"#
    /// Sent when the page's session ended: it goes to the sign-in page.
    static let signedOut = #"{"type":"signedOut"}"#
}

/// A JSON object written field by field.
struct JSONObject {
    private var body = ""

    var text: String { "{" + body + "}" }

    mutating func add(_ key: String, _ value: String) { add(raw: key, Self.quote(value)) }
    mutating func add(_ key: String, _ value: Int64) { add(raw: key, String(value)) }
    mutating func add(_ key: String, _ value: Int) { add(raw: key, String(value)) }
    mutating func add(_ key: String, _ value: Bool) { add(raw: key, value ? "true" : "false") }

    /// Adds a value that is already JSON.
    mutating func add(raw key: String, _ json: String) {
        if !body.isEmpty { body += "," }
        body += Self.quote(key) + ":" + json
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"   // never "</script>" or "<!--" in a frame
            default:
                if scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
