import Foundation
import NIOConcurrencyHelpers

/// Public action pages as rendered, kept a second: the page that goes viral is rendered once a
/// second per node, not once per view. A sign-up on this node drops its page at once. Each
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

    private let entries = NIOLockedValueBox<[String: (page: Page, at: Date)]>([:])

    func get(_ token: String, now: Date) -> Page? {
        entries.withLockedValue { entries in
            guard let entry = entries[token], now.timeIntervalSince(entry.at) < Self.lifetime else { return nil }
            return entry.page
        }
    }

    func put(_ token: String, _ page: Page, now: Date) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[token] = (page, now)
        }
    }

    func drop(_ token: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: token) }
    }
}
