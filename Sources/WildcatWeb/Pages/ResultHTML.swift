import Foundation
import WildcatDomain

/// A tally's result as HTML: an SVG bar chart drawn on the server, and the working (rounds,
/// stages, the Schulze matrix) as tables. Every label is escaped.
enum ResultHTML {
    private static func e(_ text: String) -> String { MessageHTML.escape(text) }

    static func render(_ result: TallyResult) -> String {
        switch result.working {
        case .stv(let w) where w.validVotes == 0 || w.stages.isEmpty:
            return Self.nothingToCount
        case .motion(let w):
            let order = result.method == .consent ? ConsentPosition.allCases.map(\.rawValue) : YesNoChoice.allCases.map(\.rawValue)
            let bars = order.map { ($0, w.counts[$0, default: 0]) }
            var html = chart(bars, caption: "Votes")
            html += "<p>Threshold: \(e(w.threshold)) of \(w.denominator) vote\(w.denominator == 1 ? "" : "s") counted"
            html += w.blocked ? "; <strong>blocked</strong>.</p>" : ".</p>"
            return html
        case .counts(let w):
            let caption = result.method == .score ? "Total score (mean = total ÷ \(w.ballots) ballots)" : result.method == .dot ? "Dots" : "Approvals"
            var html = chart(result.ranking.map { ($0, w.totals[$0, default: 0]) }, caption: caption)
            if let means = w.means {
                html += "<p class=\"muted\">Means: " + result.ranking.map { "\(e($0)) \(e(means[$0] ?? ""))" }.joined(separator: ", ") + "</p>"
            }
            return html
        case .timePoll(let w):
            let rows = result.ranking.map { slot -> String in
                let s = w.slots[slot]!
                return "<tr><th scope=\"row\">\(e(slot))</th><td>\(s.yes)</td><td>\(s.ifNeedBe)</td><td>\(s.no)</td></tr>"
            }.joined()
            return chart(result.ranking.map { ($0, w.slots[$0]!.yes + w.slots[$0]!.ifNeedBe) }, caption: "Can come (yes or if need be)")
                + "<table class=\"working\"><thead><tr><th>Time</th><th>Yes</th><th>If need be</th><th>No</th></tr></thead><tbody>\(rows)</tbody></table>"
        case .rounds(let w):
            let options = result.ranking.isEmpty ? Array(w.rounds.first?.votes.keys.sorted() ?? []) : result.ranking
            var html = "<table class=\"working\"><caption>Rounds of the count</caption><thead><tr><th>Option</th>"
            html += w.rounds.indices.map { "<th>Round \($0 + 1)</th>" }.joined() + "</tr></thead><tbody>"
            for option in options {
                html += "<tr><th scope=\"row\">\(e(option))</th>" + w.rounds.map { round in
                    round.votes[option].map { "<td>\($0)\(round.eliminated == option ? " ✗" : "")</td>" } ?? "<td class=\"muted\">–</td>"
                }.joined() + "</tr>"
            }
            html += "<tr><th scope=\"row\">Exhausted</th>" + w.rounds.map { "<td>\($0.exhausted)</td>" }.joined() + "</tr></tbody></table>"
            return html
        case .stv(let w):
            var html = "<p>Valid votes \(w.validVotes); quota \(w.quota) (Droop).</p><table class=\"working\"><caption>Stages of the count</caption><thead><tr><th>Candidate</th>"
            html += w.stages.map { "<th>\(e($0.action))</th>" }.joined() + "</tr></thead><tbody>"
            let candidates = result.ranking.isEmpty ? Array(w.stages.first?.totals.keys.sorted() ?? []) : result.ranking
            for candidate in candidates {
                html += "<tr><th scope=\"row\">\(e(candidate))</th>" + w.stages.map { stage in
                    "<td>\(e(stage.totals[candidate] ?? ""))\(stage.elected.contains(candidate) ? " ✓" : "")</td>"
                }.joined() + "</tr>"
            }
            html += "<tr><th scope=\"row\">Non-transferable</th>" + w.stages.map { "<td>\(e($0.nonTransferable))</td>" }.joined() + "</tr></tbody></table>"
            return html
        case .schulze(let w):
            var html = "<table class=\"working\"><caption>Strongest paths (row over column)</caption><thead><tr><th></th>"
            html += w.options.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
            for (i, option) in w.options.enumerated() {
                html += "<tr><th scope=\"row\">\(e(option))</th>" + w.options.indices.map { j in
                    i == j ? "<td class=\"muted\">–</td>" : "<td>\(w.strongestPaths[i][j])</td>"
                }.joined() + "</tr>"
            }
            return html + "</tbody></table>"
        }
    }

    static let nothingToCount = "<p>No valid ballots yet: nothing to count.</p>"

    /// A horizontal bar chart; accessible as a figure with a text alternative.
    static func chart(_ bars: [(String, Int)], caption: String) -> String {
        let width = 320, barHeight = 26, gap = 8, labelWidth = 110
        let height = max(1, bars.count) * (barHeight + gap)
        let most = max(1, bars.map(\.1).max() ?? 1)
        let summary = bars.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        var svg = "<figure class=\"chart\"><svg viewBox=\"0 0 \(width + labelWidth + 50) \(height)\" role=\"img\" aria-label=\"\(e(caption)): \(e(summary))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (index, bar) in bars.enumerated() {
            let y = index * (barHeight + gap)
            let length = bar.1 * width / most
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 18)\" text-anchor=\"end\" class=\"label\">\(e(String(bar.0.prefix(18))))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(max(length, 2))\" height=\"\(barHeight)\" rx=\"3\" class=\"bar\"/>"
            svg += "<text x=\"\(labelWidth + max(length, 2) + 6)\" y=\"\(y + 18)\" class=\"value\">\(bar.1)</text>"
        }
        return svg + "</svg><figcaption>\(e(caption))</figcaption></figure>"
    }
}
