/// Single transferable vote as counted in Scottish local elections (the Scottish Local
/// Government Elections Order 2007): Droop quota, weighted inclusive Gregory transfers, values
/// truncated to five decimal places. Values are kept as integers of 1/100,000 of a vote, so the
/// arithmetic is exact and the truncation is the rule's, not the computer's.
///
/// Each stage: every candidate at or over the quota is elected. While seats remain, the largest
/// undistributed surplus is transferred: each of the candidate's ballot papers passes to its next
/// continuing preference at value × surplus ÷ the candidate's total, truncated. With no surplus to
/// transfer, the candidate with the fewest votes is excluded and their papers pass on at their
/// current value. When the continuing candidates are no more than the seats left, they are all
/// elected. Ties (largest surplus, fewest votes) go to the candidate who was ahead (or behind) at
/// the latest earlier stage where they differed, then to the draw.
enum ScottishSTV {
    static let scale: Int64 = 100_000

    /// Identical ballot papers travel together (a distinct ranking is one pile of papers, all
    /// of one value and one holder); the value is each paper's, so truncation is applied per
    /// paper as the rules say. Candidates are numbers here, names only in the working.
    static func count(_ election: Election, draw: inout TieBreak) throws(TallyError) -> TallyResult {
        let candidates = election.options
        let n = candidates.count
        let seats = election.seats
        let rankings = try Rankings(election, skipEmpty: true)
        let papers = rankings.count
        let count = rankings.counts.map(Int64.init)
        var value = Array(repeating: scale, count: papers)
        /// The place in its ranking of the paper's holder; the ranking's length once nobody holds it.
        var place = Array(repeating: 0, count: papers)
        /// The papers each candidate holds.
        var held = Array(repeating: [Int](), count: n)
        for paper in 0..<papers { held[Int(rankings.flat[rankings.starts[paper]])].append(paper) }
        let valid = Int(count.reduce(0, +))
        let quota = valid / (seats + 1) + 1
        let quotaValue = Int64(quota) * scale

        var elected: [Int] = []
        var isElected = Array(repeating: false, count: n)
        var isExcluded = Array(repeating: false, count: n)
        var surplusDone = Array(repeating: false, count: n)
        var nonTransferable: Int64 = 0
        var stages: [STVWorking.Stage] = []
        var history: [[Int64]] = []
        var action = "first preferences"
        var sums = Array(repeating: Int64(0), count: n)
        for candidate in 0..<n { for paper in held[candidate] { sums[candidate] += count[paper] * value[paper] } }

        func totals() -> [Int64] {
            var current = sums
            // A candidate whose surplus went on keeps exactly the quota.
            for candidate in 0..<n where surplusDone[candidate] { current[candidate] = quotaValue }
            return current
        }
        func continuing(_ candidate: Int) -> Bool { !isElected[candidate] && !isExcluded[candidate] }
        /// Passes every paper `giver` holds to its next continuing preference, each at `newValue(paper)`.
        func passOn(from giver: Int, newValue: (Int) -> Int64) {
            for paper in held[giver] {
                sums[giver] -= count[paper] * value[paper]
                value[paper] = newValue(paper)
                let ranking = rankings.ranking(paper)
                var next = ranking.startIndex + place[paper] + 1
                while next < ranking.endIndex && !continuing(Int(ranking[next])) { next += 1 }
                place[paper] = next - ranking.startIndex
                if next < ranking.endIndex {
                    let holder = Int(ranking[next])
                    held[holder].append(paper)
                    sums[holder] += count[paper] * value[paper]
                } else {
                    nonTransferable += count[paper] * value[paper]
                }
            }
            held[giver] = []
        }
        /// Among tied candidates, the one with the most (or fewest) votes at the latest earlier
        /// stage where they differ; then the draw.
        func breakTie(_ tied: [Int], highest: Bool) -> Int {
            var tied = tied
            for stage in history.reversed() {
                let values = tied.map { stage[$0] }
                let target = highest ? values.max()! : values.min()!
                tied = tied.filter { stage[$0] == target }
                if tied.count == 1 { return tied[0] }
            }
            let name = draw.draw(tied.map { candidates[$0] })
            return tied.first { candidates[$0] == name }!
        }
        func named(_ totals: [Int64]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: (0..<n).map { (candidates[$0], Self.format(totals[$0])) })
        }

        if papers == 0 {
            return TallyResult(method: .stv, passed: nil, winners: [], ranking: [], tie: false,
                               working: .stv(STVWorking(validVotes: 0, quota: quota, stages: [])))
        }
        while true {
            let current = totals()
            // Elect everyone at or over the quota, largest first.
            var newlyElected: [Int] = []
            var reaching = (0..<n).filter { continuing($0) && current[$0] >= quotaValue }
            while !reaching.isEmpty && elected.count < seats {
                let best = reaching.map { current[$0] }.max()!
                let top = reaching.filter { current[$0] == best }
                let next = top.count == 1 ? top[0] : breakTie(top, highest: true)
                elected.append(next)
                isElected[next] = true
                newlyElected.append(next)
                reaching.removeAll { $0 == next }
            }
            // Once the seats are filled (or as many are left as continue), the count is over.
            let hopeful = (0..<n).filter(continuing)
            if elected.count < seats, hopeful.count <= seats - elected.count {
                for candidate in hopeful.sorted(by: { current[$0] > current[$1] }) {
                    elected.append(candidate)
                    isElected[candidate] = true
                    newlyElected.append(candidate)
                }
            }
            stages.append(.init(action: action, totals: named(current), nonTransferable: Self.format(nonTransferable),
                                elected: newlyElected.map { candidates[$0] }))
            history.append(current)
            if elected.count >= seats || (0..<n).allSatisfy({ !continuing($0) }) { break }

            let surpluses = elected.filter { !surplusDone[$0] && current[$0] > quotaValue }
            if !surpluses.isEmpty {
                let largest = surpluses.map { current[$0] - quotaValue }.max()!
                let top = surpluses.filter { current[$0] - quotaValue == largest }
                let giver = top.count == 1 ? top[0] : breakTie(top, highest: true)
                let total = current[giver]
                let surplus = total - quotaValue
                // Each paper's value × surplus ÷ total, truncated to five decimals (integer division).
                passOn(from: giver) { value[$0] * surplus / total }
                surplusDone[giver] = true
                action = "surplus of \(candidates[giver])"
            } else {
                let fewest = hopeful.map { current[$0] }.min()!
                let bottom = hopeful.filter { current[$0] == fewest }
                let loser = bottom.count == 1 ? bottom[0] : breakTie(bottom, highest: false)
                isExcluded[loser] = true
                passOn(from: loser) { value[$0] }
                action = "exclusion of \(candidates[loser])"
            }
        }
        let finalTotals = history.last ?? []
        let rest = (0..<n).filter { !isElected[$0] }.sorted { finalTotals[$0] > finalTotals[$1] }
        return TallyResult(method: .stv, passed: nil, winners: elected.map { candidates[$0] }, ranking: (elected + rest).map { candidates[$0] },
                           tie: draw.used, working: .stv(STVWorking(validVotes: valid, quota: quota, stages: stages)))
    }

    /// "12.34567"
    static func format(_ value: Int64) -> String {
        let whole = value / scale
        let fraction = String(value % scale)
        return "\(whole).\(String(repeating: "0", count: 5 - fraction.count))\(fraction)"
    }
}
