import Testing
import WildcatDomain

private func ranked(_ groups: [(Int, String)]) -> [(ballot: Ballot, count: Int)] {
    groups.map { (.ranking($0.1.map(String.init)), $0.0) }
}

@Suite struct MotionTallyTests {
    private func yesNo(_ yes: Int, _ no: Int, _ abstain: Int = 0, threshold: Threshold, abstentionsCount: Bool = false) throws -> TallyResult {
        try Tally.tally(Election(method: .yesno, threshold: threshold, abstentionsCount: abstentionsCount,
                                 ballots: [(.yesNo(.yes), yes), (.yesNo(.no), no), (.yesNo(.abstain), abstain)]))
    }

    @Test func fourteenToSevenPassesAtExactlyTwoThirdsAtLeast() throws {
        let twoThirds = Threshold(Fraction(2, 3)!, .atLeast)
        #expect(try yesNo(14, 7, threshold: twoThirds).passed == true)
        #expect(try yesNo(13, 7, threshold: twoThirds).passed == false)
        #expect(try yesNo(14, 7, threshold: Threshold(Fraction(2, 3)!, .moreThan)).passed == false)
    }

    @Test func simpleMajorityAndTheAbstentionRule() throws {
        let half = Threshold(Fraction(1, 2)!, .moreThan)
        #expect(try yesNo(5, 5, threshold: half).passed == false)
        #expect(try yesNo(6, 5, threshold: half).passed == true)
        #expect(try yesNo(6, 5, 2, threshold: half).passed == true)
        let counted = try yesNo(6, 5, 2, threshold: half, abstentionsCount: true)
        #expect(counted.passed == false)
        guard case .motion(let working) = counted.working else { Issue.record("no working"); return }
        #expect(working.denominator == 13)
        #expect(try yesNo(0, 0, 3, threshold: half).passed == false)
    }

    @Test func aSingleBlockStopsConsent() throws {
        let base: [(ballot: Ballot, count: Int)] = [(.consent(.agree), 20), (.consent(.disagree), 2), (.consent(.abstain), 3)]
        #expect(try Tally.tally(Election(method: .consent, ballots: base)).passed == true)
        let blocked = try Tally.tally(Election(method: .consent, ballots: base + [(.consent(.block), 1)]))
        #expect(blocked.passed == false)
        guard case .motion(let working) = blocked.working else { Issue.record("no working"); return }
        #expect(working.blocked)
        #expect(try Tally.tally(Election(method: .consent, ballots: [(.consent(.agree), 1), (.consent(.disagree), 1)])).passed == false)
    }
}

@Suite struct OptionTallyTests {
    @Test func approvalScoreAndDots() throws {
        let approval = try Tally.tally(Election(method: .approval, options: ["a", "b", "c"],
                                                ballots: [(.approval(["a", "b"]), 3), (.approval(["b"]), 2), (.approval([]), 1)]))
        #expect(approval.winners == ["b"] && approval.ranking == ["b", "a", "c"] && !approval.tie)
        let score = try Tally.tally(Election(method: .score, options: ["a", "b"],
                                             ballots: [(.score(["a": 5, "b": 3]), 2), (.score(["b": 5]), 1)]))
        #expect(score.winners == ["b"])   // a: 10/3, b: 11/3
        guard case .counts(let working) = score.working else { Issue.record("no working"); return }
        #expect(working.means == ["a": "10/3", "b": "11/3"])
        let dots = try Tally.tally(Election(method: .dot, options: ["x", "y", "z"], dotBudget: 3,
                                            ballots: [(.dots(["x": 3]), 1), (.dots(["y": 2, "z": 1]), 2)]))
        #expect(dots.ranking == ["y", "x", "z"])
    }

    @Test func invalidBallotsAreRefused() {
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .dot, options: ["x"], dotBudget: 3, ballots: [(.dots(["x": 4]), 1)])) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .score, options: ["x"], ballots: [(.score(["x": 6]), 1)])) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .irv, options: ["a", "b"], ballots: ranked([(1, "aa")]))) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .irv, options: ["a", "b"], ballots: ranked([(1, "ac")]))) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .approval, options: ["a"], ballots: [(.yesNo(.yes), 1)])) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .stv, options: ["a", "b"], seats: 3, ballots: [])) }
        #expect(throws: TallyError.self) { try Tally.tally(Election(method: .approval, options: [], ballots: [])) }
    }

    @Test func aTieAtTheTopIsDrawnReproduciblyAndReported() throws {
        let election = Election(method: .approval, options: ["a", "b", "c"], ballots: [(.approval(["a", "b"]), 2)], tieSeed: 42)
        let first = try Tally.tally(election)
        #expect(first.tie)
        #expect(["a", "b"].contains(first.winners[0]))
        #expect(try Tally.tally(election).winners == first.winners)   // same seed, same draw
        let winners = Set((0..<40).map { seed -> String in
            var e = election
            e.tieSeed = UInt64(seed)
            return (try? Tally.tally(e).winners[0]) ?? ""
        })
        #expect(winners == ["a", "b"])   // both can win the draw, c never
    }

    @Test func timePollPrefersMostAvailableThenMostYes() throws {
        let poll = try Tally.tally(Election(method: .timepoll, options: ["mon", "tue", "wed"], ballots: [
            (.timePoll(["mon": .yes, "tue": .ifNeedBe, "wed": .no]), 2),
            (.timePoll(["mon": .no, "tue": .yes, "wed": .yes]), 1),
            (.timePoll(["tue": .ifNeedBe, "mon": .yes]), 1),
        ]))
        #expect(poll.winners == ["tue"])   // tue: 4 can come; mon: 3
    }
}

@Suite struct RankedTallyTests {
    /// Wikipedia, "Instant-runoff voting": the Tennessee capital example.
    @Test func tennesseeElectsKnoxvilleByInstantRunoff() throws {
        let result = try Tally.tally(Election(method: .irv, options: ["M", "N", "C", "K"],
                                              ballots: ranked([(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")])))
        #expect(result.winners == ["K"])
        guard case .rounds(let working) = result.working else { Issue.record("no rounds"); return }
        #expect(working.rounds.map(\.eliminated) == ["C", "N", nil])
        #expect(working.rounds[1].votes == ["M": 42, "N": 26, "K": 32])
        #expect(working.rounds[2].votes == ["M": 42, "K": 58])
    }

    @Test func instantRunoffBreaksEliminationTiesByEarlierRounds() throws {
        // Round 2: b and c tie on 4; in round 1 c had fewer, so c goes; then a has 5 of 9.
        let result = try Tally.tally(Election(method: .irv, options: ["a", "b", "c", "d"],
                                              ballots: ranked([(5, "a"), (4, "b"), (3, "c"), (1, "dc")])))
        guard case .rounds(let working) = result.working else { Issue.record("no rounds"); return }
        #expect(working.rounds.map(\.eliminated) == ["d", "c", nil])
        #expect(!result.tie)
        #expect(result.winners == ["a"])
    }

    /// Wikipedia, "Schulze method": 45 voters, five candidates; E wins, order E > A > C > B > D.
    @Test func wikipediaSchulzeExample() throws {
        let result = try Tally.tally(Election(method: .schulze, options: ["A", "B", "C", "D", "E"], ballots: ranked([
            (5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC"),
        ])))
        #expect(result.winners == ["E"])
        #expect(result.ranking == ["E", "A", "C", "B", "D"])
        guard case .schulze(let working) = result.working else { Issue.record("no matrix"); return }
        #expect(working.pairwise[0] == [0, 20, 26, 30, 22])
        #expect(working.strongestPaths == [
            [0, 28, 28, 30, 24], [25, 0, 28, 33, 24], [25, 29, 0, 29, 24], [25, 28, 28, 0, 24], [25, 28, 28, 31, 0],
        ])
    }

    /// Wikipedia, "Single transferable vote": the food election, three seats, 20 voters.
    @Test func stvFoodElection() throws {
        let result = try Tally.tally(Election(method: .stv, options: ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"], seats: 3,
            ballots: [
                (.ranking(["Oranges"]), 4), (.ranking(["Pears", "Oranges"]), 2), (.ranking(["Chocolate", "Strawberries"]), 8),
                (.ranking(["Chocolate", "Hamburgers"]), 4), (.ranking(["Strawberries"]), 1), (.ranking(["Hamburgers"]), 1),
            ]))
        #expect(result.winners == ["Chocolate", "Oranges", "Strawberries"])
        guard case .stv(let working) = result.working else { Issue.record("no stages"); return }
        #expect(working.quota == 6)
        #expect(working.stages[1].action == "surplus of Chocolate")
        #expect(working.stages[1].totals["Strawberries"] == "5.00000")
        #expect(working.stages[1].totals["Hamburgers"] == "3.00000")
        #expect(working.stages[2].action == "exclusion of Pears")
        #expect(working.stages[2].elected == ["Oranges"])
    }

    @Test func stvTruncatesTransferValuesToFiveDecimals() throws {
        // Quota for 2 seats of 7 votes is 3; A's surplus of 1 over 4 papers: each passes on at
        // 1 × 1/4 = 0.25; with 7 papers of 1/7 the value would truncate.
        let result = try Tally.tally(Election(method: .stv, options: ["A", "B", "C"], seats: 2,
                                              ballots: [(.ranking(["A", "B"]), 4), (.ranking(["C"]), 2), (.ranking(["B"]), 1)]))
        guard case .stv(let working) = result.working else { Issue.record("no stages"); return }
        #expect(working.quota == 3)
        #expect(working.stages[1].totals["B"] == "2.00000")   // 1 + 4 × 0.25
        let thirds = try Tally.tally(Election(method: .stv, options: ["A", "B", "C"], seats: 1,
                                              ballots: [(.ranking(["A", "B"]), 3), (.ranking(["C"]), 1)]))
        #expect(thirds.winners == ["A"])
        let sevenths = try Tally.tally(Election(method: .stv, options: ["A", "B", "C", "D"], seats: 2,
                                                ballots: [(.ranking(["A", "B"]), 7), (.ranking(["C"]), 3), (.ranking(["D"]), 2)]))
        guard case .stv(let w) = sevenths.working else { Issue.record("no stages"); return }
        // Quota 5; A's surplus of 2 over 7 papers: each passes on at 2/7 = 0.285714…, truncated
        // per paper to 0.28571, so B receives 7 × 0.28571 = 1.99997 and 0.00003 is lost.
        #expect(w.quota == 5)
        #expect(w.stages[1].totals["B"] == "1.99997")
    }
}
