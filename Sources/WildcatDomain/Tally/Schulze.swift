/// The Schulze method. d[i][j] counts voters who rank i above j (an unranked option is below
/// every ranked one); the strongest path from i to j is the widest path through pairs where
/// d[x][y] > d[y][x]. i beats j when p[i][j] > p[j][i]; the winners are those no one beats, and
/// if several remain the draw picks one.
enum Schulze {
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
