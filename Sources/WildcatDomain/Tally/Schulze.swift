/// The Schulze method. d[i][j] counts voters who rank i above j (an unranked option is below
/// every ranked one); the strongest path from i to j is the widest path through pairs where
/// d[x][y] > d[y][x]. i beats j when p[i][j] > p[j][i]; the winners are those no one beats, and
/// if several remain the draw picks one.
enum Schulze {
    static func count(_ election: Election, draw: inout TieBreak) throws(TallyError) -> TallyResult {
        let options = election.options
        let n = options.count
        let rankings = try Rankings(election)
        // d and p in flat arrays, row by row: d[i * n + j].
        var d = Array(repeating: 0, count: n * n)
        for r in 0..<rankings.count {
            let ranking = rankings.ranking(r)
            let count = rankings.counts[r]
            // Each ranked option is above every option not ranked before it: add the count to
            // its whole row, then take it back from itself and those ranked before it.
            for (place, i) in zip(ranking.indices, ranking) {
                let row = Int(i) * n
                for j in 0..<n { d[row + j] += count }
                for j in ranking[ranking.startIndex...place] { d[row + Int(j)] -= count }
            }
        }
        var p = Array(repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n where i != j && d[i * n + j] > d[j * n + i] { p[i * n + j] = d[i * n + j] } }
        for k in 0..<n {
            for i in 0..<n where i != k {
                let ik = p[i * n + k]
                for j in 0..<n where j != i && j != k {
                    p[i * n + j] = max(p[i * n + j], min(ik, p[k * n + j]))
                }
            }
        }
        // Order by the beats relation, best first; a group nobody in it beats is a tie.
        var remaining = Array(0..<n)
        var ranking: [String] = []
        var tie = false
        while !remaining.isEmpty {
            let unbeaten = remaining.filter { i in remaining.allSatisfy { j in j == i || p[i * n + j] >= p[j * n + i] } }
            let group = unbeaten.isEmpty ? remaining : unbeaten
            if ranking.isEmpty && group.count > 1 && rankings.count > 0 {
                let winner = draw.draw(group.map { options[$0] })
                tie = true
                ranking.append(winner)
                remaining.removeAll { options[$0] == winner }
                continue
            }
            ranking += group.map { options[$0] }
            remaining.removeAll { group.contains($0) }
        }
        let counted = rankings.count > 0
        let rows = { (flat: [Int]) in (0..<n).map { Array(flat[($0 * n)..<($0 * n + n)]) } }
        return TallyResult(method: .schulze, passed: nil, winners: counted ? [ranking[0]] : [], ranking: counted ? ranking : [], tie: tie,
                           working: .schulze(SchulzeWorking(options: options, pairwise: rows(d), strongestPaths: rows(p))))
    }
}
