import Testing
@testable import WildcatDomain

/// A small deterministic generator, so that a failing election can be found again by its seed.
private struct Draws {
    var state: UInt64
    mutating func next(_ below: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(below))
    }
}

/// Small random elections, where ties, exclusions, exact quotas and empty or repeated rankings
/// are common: every figure of the fast counts must equal the reference's.
private func randomElection(_ method: DecisionMethod, seed: UInt64) -> Election {
    var draws = Draws(state: seed)
    let options = (0..<(2 + draws.next(5))).map { "c\($0)" }
    let ballots: [(ballot: Ballot, count: Int)] = (0..<(draws.next(12))).map { _ in
        var order = options
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, draws.next(i + 1)) }
        return (.ranking(Array(order.prefix(draws.next(options.count + 1)))), draws.next(4))
    }
    return Election(method: method, options: options, seats: 1 + draws.next(options.count), ballots: ballots, tieSeed: UInt64(draws.next(1000)))
}

@Suite struct TallyCrossCheckTests {
    /// Counts 3,000 random elections both ways, expecting every figure equal; the reference's results.
    private func crossCheck(_ method: DecisionMethod, reference: (Election, inout TieBreak) -> TallyResult) throws -> [TallyResult] {
        try (UInt64(0)..<3_000).map { seed in
            let election = randomElection(method, seed: seed)
            var draw = TieBreak(seed: election.tieSeed)
            let expected = reference(election, &draw)
            let counted = try Tally.tally(election)
            #expect(counted == expected, "seed \(seed)")
            return expected
        }
    }

    @Test func schulzeAgreesWithTheReferenceOnRandomElections() throws {
        let results = try crossCheck(.schulze) { ReferenceSchulze.count($0, draw: &$1) }
        // The elections are small enough for the draw to be tried often.
        #expect(results.filter(\.tie).count > 100)
    }

    @Test func stvAgreesWithTheReferenceOnRandomElections() throws {
        let results = try crossCheck(.stv) { ReferenceSTV.count($0, draw: &$1) }
        let transfers = results.filter { result in
            if case .stv(let working) = result.working { return working.stages.contains { $0.action.hasPrefix("surplus") } }
            return false
        }
        #expect(transfers.count > 100)
    }

    /// Identical rankings cast as separate ballots count as one pile: the same result as cast together.
    @Test func rankingsCastApartCountAsTheSameRankingsCastTogether() throws {
        for method in [DecisionMethod.schulze, .stv] {
            for seed in UInt64(0)..<300 {
                let election = randomElection(method, seed: seed)
                var apart = election
                apart.ballots = election.ballots.flatMap { ballot, count in Array(repeating: (ballot, 1), count: count) }
                #expect(try Tally.tally(apart) == Tally.tally(election), "\(method) seed \(seed)")
            }
        }
    }

    /// The first bad ballot is the one reported, in the words `Tally.validate` uses.
    @Test func badRankingsAreRefusedAsValidateRefusesThem() {
        let options = ["a", "b", "c"]
        let bad: [[(ballot: Ballot, count: Int)]] = [
            [(.ranking(["a", "b"]), 1), (.ranking(["a", "z", "a"]), 1)],
            [(.ranking(["b", "b", "z"]), 1)],
            [(.ranking(["a"]), -1), (.ranking(["z"]), 1)],
            [(.ranking(["a"]), 1), (.yesNo(.yes), 1)],
        ]
        for method in [DecisionMethod.schulze, .stv] {
            for ballots in bad {
                let election = Election(method: method, options: options, ballots: ballots)
                var expected: TallyError?
                for (ballot, count) in ballots where expected == nil {
                    if count < 0 { expected = TallyError("a ballot count cannot be negative"); break }
                    do { try Tally.validate(ballot, for: election) } catch { expected = error }
                }
                #expect(throws: expected!) { try Tally.tally(election) }
            }
        }
    }
}
