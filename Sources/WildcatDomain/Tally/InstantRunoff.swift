/// Instant runoff for one winner. Each round counts every ballot for its highest-ranked option
/// still in the count; an option with more than half of those votes wins; otherwise the option
/// with the fewest votes is eliminated. Ties for elimination go to the option with fewer votes in
/// the latest earlier round where they differ, then to the draw.
enum InstantRunoff {
    static func count(_ election: Election, draw: inout TieBreak) -> TallyResult {
        // Identical rankings are counted together.
        var grouped: [[String]: Int] = [:]
        for (ballot, count) in election.ballots {
            if case .ranking(let ranking) = ballot, count > 0 { grouped[ranking, default: 0] += count }
        }
        var continuing = Set(election.options)
        var rounds: [RoundsWorking.Round] = []
        var history: [[String: Int]] = []
        var order: [String] = []   // eliminated, first to last
        while true {
            var votes = Dictionary(uniqueKeysWithValues: continuing.map { ($0, 0) })
            var exhausted = 0
            for (ranking, count) in grouped {
                if let first = ranking.first(where: continuing.contains) { votes[first]! += count } else { exhausted += count }
            }
            history.append(votes)
            let live = votes.values.reduce(0, +)
            if live == 0 {
                rounds.append(.init(votes: votes, exhausted: exhausted, eliminated: nil))
                return result(election, winners: [], ranking: [], rounds: rounds, tie: draw.used)
            }
            if let (leader, count) = votes.max(by: { $0.value < $1.value }), 2 * count > live || continuing.count == 1 {
                rounds.append(.init(votes: votes, exhausted: exhausted, eliminated: nil))
                let rest = continuing.subtracting([leader]).sorted { votes[$0]! > votes[$1]! }
                return result(election, winners: [leader], ranking: [leader] + rest + order.reversed(), rounds: rounds, tie: draw.used)
            }
            let loser = lowest(continuing, history: history, draw: &draw)
            rounds.append(.init(votes: votes, exhausted: exhausted, eliminated: loser))
            continuing.remove(loser)
            order.append(loser)
        }
    }

    /// The option to eliminate: fewest votes now; ties broken by earlier rounds, latest first.
    static func lowest(_ continuing: Set<String>, history: [[String: Int]], draw: inout TieBreak) -> String {
        var tied = Array(continuing)
        for round in history.reversed() {
            let least = tied.map { round[$0, default: 0] }.min()!
            tied = tied.filter { round[$0, default: 0] == least }
            if tied.count == 1 { return tied[0] }
        }
        return draw.draw(tied)
    }

    private static func result(_ election: Election, winners: [String], ranking: [String], rounds: [RoundsWorking.Round], tie: Bool) -> TallyResult {
        TallyResult(method: .irv, passed: nil, winners: winners, ranking: ranking, tie: tie, working: .rounds(RoundsWorking(rounds: rounds)))
    }
}
