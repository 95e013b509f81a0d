import Foundation
import NIOConcurrencyHelpers

/// Public action pages as rendered, kept a second: the page that goes viral is rendered about once
/// a second per node, not once per view. A sign-up on this node drops its page at once. Each
/// view fills in its own anti-forgery token and challenge where the template left marks.
final class PublicPageCache: Sendable {
    static let csrfMark = "%%WILDCAT-CSRF%%"
    static let challengeMark = "%%WILDCAT-CHALLENGE%%"
    static let lifetime: TimeInterval = 1

    /// A page cut at its marks: `pieces[i]`, then the mark `marks[i]` (true: the token).
    struct Page: Sendable {
        let pieces: [String]
        let marks: [Bool]
        let status: Int

        init(_ html: String, status: Int) {
            var pieces: [String] = [], marks: [Bool] = []
            var rest = Substring(html)
            while true {
                let csrf = rest.range(of: PublicPageCache.csrfMark), challenge = rest.range(of: PublicPageCache.challengeMark)
                guard let first = [csrf, challenge].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else { break }
                pieces.append(String(rest[..<first.lowerBound]))
                marks.append(first == csrf)
                rest = rest[first.upperBound...]
            }
            pieces.append(String(rest))
            self.pieces = pieces
            self.marks = marks
            self.status = status
        }

        func filled(csrf: String, challenge: String) -> String {
            var out = ""
            out.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + marks.count * 100)
            for (index, piece) in pieces.enumerated() {
                out += piece
                if index < marks.count { out += marks[index] ? csrf : challenge }
            }
            return out
        }
    }

    private struct Entry {
        let page: Page
        let at: Date
        /// When a request set out to render it again, if one did.
        var refreshing: Date?
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// The page to serve, and whether this request must render it (again). Once it is older than a
    /// second, one request renders it while the others keep serving the last one: a thousand
    /// viewers in that instant cost one render, not a thousand queries at once.
    func get(_ token: String, now: Date) -> (page: Page?, render: Bool) {
        entries.withLockedValue { entries in
            guard var entry = entries[token] else { return (nil, true) }
            if now.timeIntervalSince(entry.at) < Self.lifetime { return (entry.page, false) }
            // A render that failed or hangs does not stall the page for long.
            if let since = entry.refreshing, now.timeIntervalSince(since) < 5 { return (entry.page, false) }
            entry.refreshing = now
            entries[token] = entry
            return (entry.page, true)
        }
    }

    func put(_ token: String, _ page: Page, now: Date) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[token] = Entry(page: page, at: now)
        }
    }

    func drop(_ token: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: token) }
    }
}
