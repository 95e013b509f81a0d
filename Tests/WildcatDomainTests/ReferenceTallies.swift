@testable import WildcatDomain

// The counts as first written (strings, one paper per ballot group, every paper scanned at every
// stage): slow but plain, kept as the oracle that the fast counts must agree with exactly, to the
// last working figure, on random elections (TallyCrossCheckTests).

enum ReferenceSchulze {
    static func count(_ election: Election, draw: inout TieBreak) -> TallyResult {
        let options = election.options
        let n = options.count
        let index = Dictionary(uniqueKeysWithValues: options.enumerated().map { ($1, $0) })
        var grouped: [[String]: Int] = [:]
        for (ballot, count) in election.ballots {
            if case .ranking(let ranking) = ballot, count > 0 { grouped[ranking, default: 0] += count }
        }
        var d = Array(repeating: Array(repeating: 0, count: n), count: n)
        for (ranking, count) in grouped {
            var position = Array(repeating: Int.max, count: n)
            for (place, option) in ranking.enumerated() { position[index[option]!] = place }
            for i in 0..<n where position[i] != .max {
                for j in 0..<n where i != j && position[i] < position[j] { d[i][j] += count }
            }
        }
        var p = Array(repeating: Array(repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<n where i != j && d[i][j] > d[j][i] { p[i][j] = d[i][j] } }
        for k in 0..<n {
            for i in 0..<n where i != k {
                for j in 0..<n where j != i && j != k {
                    p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
                }
            }
        }
        // Order by the beats relation, best first; a group nobody in it beats is a tie.
        var remaining = Array(0..<n)
        var ranking: [String] = []
        var tie = false
        while !remaining.isEmpty {
            let unbeaten = remaining.filter { i in remaining.allSatisfy { j in j == i || p[i][j] >= p[j][i] } }
            let group = unbeaten.isEmpty ? remaining : unbeaten
            if ranking.isEmpty && group.count > 1 && !grouped.isEmpty {
                let winner = draw.draw(group.map { options[$0] })
                tie = true
                ranking.append(winner)
                remaining.removeAll { options[$0] == winner }
                continue
            }
            ranking += group.map { options[$0] }
            remaining.removeAll { group.contains($0) }
        }
        let winners = grouped.isEmpty ? [] : [ranking[0]]
        return TallyResult(method: .schulze, passed: nil, winners: winners, ranking: grouped.isEmpty ? [] : ranking, tie: tie,
                           working: .schulze(SchulzeWorking(options: options, pairwise: d, strongestPaths: p)))
    }
}

enum ReferenceSTV {
    static let scale: Int64 = 100_000

    /// Identical ballot papers travel together; the value is each paper's, so truncation is
    /// applied per paper as the rules say.
    private struct Paper {
        let preferences: [String]
        let count: Int64
        var value: Int64
        var holder: String?
        var total: Int64 { count * value }
    }

    static func count(_ election: Election, draw: inout TieBreak) -> TallyResult {
        let candidates = election.options
        let seats = election.seats
        var papers: [Paper] = []
        for (ballot, count) in election.ballots {
            guard case .ranking(let ranking) = ballot, count > 0, !ranking.isEmpty else { continue }
            papers.append(Paper(preferences: ranking, count: Int64(count), value: scale, holder: ranking[0]))
        }
        let valid = Int(papers.reduce(0) { $0 + $1.count })
        let quota = valid / (seats + 1) + 1
        let quotaValue = Int64(quota) * scale

        var elected: [String] = []
        var excluded = Set<String>()
        var surplusDone = Set<String>()
        var nonTransferable: Int64 = 0
        var stages: [STVWorking.Stage] = []
        var history: [[String: Int64]] = []
        var action = "first preferences"

        func totals() -> [String: Int64] {
            var sums = Dictionary(uniqueKeysWithValues: candidates.map { ($0, Int64(0)) })
            for paper in papers { if let holder = paper.holder { sums[holder]! += paper.total } }
            // A candidate whose surplus went on keeps exactly the quota.
            for candidate in surplusDone { sums[candidate] = quotaValue }
            return sums
        }
        func continuing(_ candidate: String) -> Bool { !elected.contains(candidate) && !excluded.contains(candidate) }
        func passOn(_ index: Int, value: Int64) {
            papers[index].value = value
            let current = papers[index].holder
            let start = current.flatMap { papers[index].preferences.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
            let next = papers[index].preferences[start...].first(where: continuing)
            papers[index].holder = next
            if next == nil { nonTransferable += papers[index].total }
        }
        /// Among tied candidates, the one with the most (or fewest) votes at the latest earlier
        /// stage where they differ; then the draw.
        func breakTie(_ tied: [String], highest: Bool) -> String {
            var tied = tied
            for stage in history.reversed() {
                let values = tied.map { stage[$0, default: 0] }
                let target = highest ? values.max()! : values.min()!
                tied = tied.filter { stage[$0, default: 0] == target }
                if tied.count == 1 { return tied[0] }
            }
            return draw.draw(tied)
        }

        if papers.isEmpty {
            return TallyResult(method: .stv, passed: nil, winners: [], ranking: [], tie: false,
                               working: .stv(STVWorking(validVotes: 0, quota: quota, stages: [])))
        }
        while true {
            let current = totals()
            // Elect everyone at or over the quota, largest first.
            var newlyElected: [String] = []
            var reaching = candidates.filter { continuing($0) && current[$0]! >= quotaValue }
            while !reaching.isEmpty && elected.count < seats {
                let best = reaching.map { current[$0]! }.max()!
                let top = reaching.filter { current[$0]! == best }
                let next = top.count == 1 ? top[0] : breakTie(top, highest: true)
                elected.append(next)
                newlyElected.append(next)
                reaching.removeAll { $0 == next }
            }
            // Once the seats are filled (or as many are left as continue), the count is over.
            let hopeful = candidates.filter(continuing)
            if elected.count < seats, hopeful.count <= seats - elected.count {
                for candidate in hopeful.sorted(by: { current[$0]! > current[$1]! }) {
                    elected.append(candidate)
                    newlyElected.append(candidate)
                }
            }
            stages.append(.init(action: action, totals: current.mapValues(Self.format), nonTransferable: Self.format(nonTransferable), elected: newlyElected))
            history.append(current)
            if elected.count >= seats || candidates.allSatisfy({ !continuing($0) }) { break }

            let surpluses = elected.filter { !surplusDone.contains($0) && current[$0]! > quotaValue }
            if !surpluses.isEmpty {
                let largest = surpluses.map { current[$0]! - quotaValue }.max()!
                let top = surpluses.filter { current[$0]! - quotaValue == largest }
                let giver = top.count == 1 ? top[0] : breakTie(top, highest: true)
                let total = current[giver]!
                let surplus = total - quotaValue
                for index in papers.indices where papers[index].holder == giver {
                    // Each paper's value × surplus ÷ total, truncated to five decimals (integer division).
                    passOn(index, value: papers[index].value * surplus / total)
                }
                surplusDone.insert(giver)
                action = "surplus of \(giver)"
            } else {
                let fewest = hopeful.map { current[$0]! }.min()!
                let bottom = hopeful.filter { current[$0]! == fewest }
                let loser = bottom.count == 1 ? bottom[0] : breakTie(bottom, highest: false)
                excluded.insert(loser)
                for index in papers.indices where papers[index].holder == loser {
                    passOn(index, value: papers[index].value)
                }
                action = "exclusion of \(loser)"
            }
        }
        let finalTotals = history.last ?? [:]
        let rest = candidates.filter { !elected.contains($0) }.sorted { finalTotals[$0, default: 0] > finalTotals[$1, default: 0] }
        return TallyResult(method: .stv, passed: nil, winners: elected, ranking: elected + rest, tie: draw.used,
                           working: .stv(STVWorking(validVotes: valid, quota: quota, stages: stages)))
    }

    /// "12.34567"
    static func format(_ value: Int64) -> String {
        let whole = value / scale
        let fraction = String(value % scale)
        return "\(whole).\(String(repeating: "0", count: 5 - fraction.count))\(fraction)"
    }
}
