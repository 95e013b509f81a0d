import WildcatDomain

/// A tally's result as `partials/result` shows it: a bar chart (SVG drawn on the server), notes,
/// and the working (rounds, stages, the Schulze matrix) as a table.
struct ResultItem: Sendable {
    struct Bar: Sendable {
        let label: String
        let value: Int
        let y: Int
        let textY: Int
        let length: Int
        let valueX: Int
        let valueY: Int
    }

    struct Chart: Sendable {
        let viewBox: String
        let barHeight: Int
        let ariaLabel: String
        let caption: String
        let bars: [Bar]
    }

    struct Cell: Sendable {
        let text: String
        let muted: Bool
    }

    struct Row: Sendable {
        let head: String
        let cells: [Cell]
    }

    struct Table: Sendable {
        let caption: String
        let hasCaption: Bool
        let head: [String]
        let rows: [Row]
        /// For rounds and stages: the same working one round at a time, which a phone shows
        /// instead of a table wider than its screen.
        let stacked: [Column]
        /// Stored, not computed: Mustache sees stored properties only.
        let isStacked: Bool

        init(caption: String, hasCaption: Bool, head: [String], rows: [Row], stacked: [Column] = []) {
            self.caption = caption
            self.hasCaption = hasCaption
            self.head = head
            self.rows = rows
            self.stacked = stacked
            self.isStacked = !stacked.isEmpty
        }
    }

    struct Entry: Sendable {
        let head: String
        let text: String
        let muted: Bool
    }

    struct Column: Sendable {
        let heading: String
        let entries: [Entry]
    }

    /// Each column of the table (after the first) as a list under its heading.
    static func columns(head: [String], rows: [Row]) -> [Column] {
        head.dropFirst().indices.map { column in
            Column(heading: head[column], entries: rows.compactMap { row in
                let cell = row.cells[column - 1]
                return cell.text == "–" ? nil : Entry(head: row.head, text: cell.text, muted: cell.muted)
            })
        }
    }

    /// A motion's threshold line.
    struct Threshold: Sendable {
        let threshold: String
        let counted: Int
        let one: Bool
        let blocked: Bool
    }

    let nothingToCount: Bool
    let chart: Chart?
    let threshold: Threshold?
    /// Plain lines under the chart (means, quota).
    let notes: [String]
    let table: Table?

    init(_ result: TallyResult) {
        var chart: Chart?
        var threshold: Threshold?
        var notes: [String] = []
        var table: Table?
        var nothing = false
        switch result.working {
        case .stv(let w) where w.validVotes == 0 || w.stages.isEmpty:
            nothing = true
        case .motion(let w):
            let order = result.method == .consent ? ConsentPosition.allCases.map(\.rawValue) : YesNoChoice.allCases.map(\.rawValue)
            chart = Self.chart(order.map { ($0, w.counts[$0, default: 0]) }, caption: "Votes")
            threshold = Threshold(threshold: w.threshold, counted: w.denominator, one: w.denominator == 1, blocked: w.blocked)
        case .counts(let w):
            let caption = result.method == .score ? "Total score (mean = total ÷ \(w.ballots) ballots)" : result.method == .dot ? "Dots" : "Approvals"
            chart = Self.chart(result.ranking.map { ($0, w.totals[$0, default: 0]) }, caption: caption)
            if let means = w.means {
                notes.append("Means: " + result.ranking.map { "\($0) \(means[$0] ?? "")" }.joined(separator: ", "))
            }
        case .timePoll(let w):
            chart = Self.chart(result.ranking.map { ($0, w.slots[$0]!.yes + w.slots[$0]!.ifNeedBe) }, caption: "Can come (yes or if need be)")
            table = Table(caption: "", hasCaption: false, head: ["Time", "Yes", "If need be", "No"], rows: result.ranking.map { slot in
                let s = w.slots[slot]!
                return Row(head: slot, cells: [s.yes, s.ifNeedBe, s.no].map { Cell(text: String($0), muted: false) })
            })
        case .rounds(let w):
            let options = result.ranking.isEmpty ? Array(w.rounds.first?.votes.keys.sorted() ?? []) : result.ranking
            var rows = options.map { option in
                Row(head: option, cells: w.rounds.map { round in
                    round.votes[option].map { Cell(text: "\($0)\(round.eliminated == option ? " ✗" : "")", muted: false) } ?? Cell(text: "–", muted: true)
                })
            }
            rows.append(Row(head: "Exhausted", cells: w.rounds.map { Cell(text: String($0.exhausted), muted: false) }))
            let head = ["Option"] + w.rounds.indices.map { "Round \($0 + 1)" }
            table = Table(caption: "Rounds of the count", hasCaption: true, head: head, rows: rows, stacked: Self.columns(head: head, rows: rows))
        case .stv(let w):
            notes.append("Valid votes \(w.validVotes); quota \(w.quota) (Droop).")
            let candidates = result.ranking.isEmpty ? Array(w.stages.first?.totals.keys.sorted() ?? []) : result.ranking
            var rows = candidates.map { candidate in
                Row(head: candidate, cells: w.stages.map { stage in
                    Cell(text: (stage.totals[candidate] ?? "") + (stage.elected.contains(candidate) ? " ✓" : ""), muted: false)
                })
            }
            rows.append(Row(head: "Non-transferable", cells: w.stages.map { Cell(text: $0.nonTransferable, muted: false) }))
            let head = ["Candidate"] + w.stages.map(\.action)
            table = Table(caption: "Stages of the count", hasCaption: true, head: head, rows: rows, stacked: Self.columns(head: head, rows: rows))
        case .schulze(let w):
            table = Table(caption: "Strongest paths (row over column)", hasCaption: true, head: [""] + w.options, rows: w.options.enumerated().map { i, option in
                Row(head: option, cells: w.options.indices.map { j in i == j ? Cell(text: "–", muted: true) : Cell(text: String(w.strongestPaths[i][j]), muted: false) })
            })
        }
        self.nothingToCount = nothing
        self.chart = chart
        self.threshold = threshold
        self.notes = notes
        self.table = table
    }

    /// A horizontal bar chart, each label on its own line above its bar so that both stay
    /// readable on a phone (the drawing is about as wide as a phone's column); accessible as an
    /// image with a text alternative.
    static func chart(_ bars: [(String, Int)], caption: String) -> Chart {
        let width = 340, valueWidth = 44, barHeight = 18, labelHeight = 20, gap = 10
        let row = labelHeight + barHeight + gap
        let height = max(1, bars.count) * row
        let most = max(1, bars.map(\.1).max() ?? 1)
        let summary = bars.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        let room = width - valueWidth
        return Chart(viewBox: "0 0 \(width) \(height)", barHeight: barHeight,
                     ariaLabel: "\(caption): \(summary)", caption: caption, bars: bars.enumerated().map { index, bar in
                         let top = index * row
                         let length = max(bar.1 * room / most, 2)
                         let label = bar.0.count > 44 ? String(bar.0.prefix(43)) + "…" : bar.0
                         return Bar(label: label, value: bar.1, y: top + labelHeight, textY: top + 15, length: length, valueX: length + 6,
                                    valueY: top + labelHeight + 14)
                     })
    }
}
