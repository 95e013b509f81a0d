import Testing
import WildcatDomain

@Suite struct FractionTests {
    @Test func fourteenToSevenMeetsTwoThirdsAtLeastExactly() {
        let twoThirds = Threshold(Fraction(2, 3)!, .atLeast)
        #expect(twoThirds.isMet(count: 14, of: 21))
        #expect(!twoThirds.isMet(count: 13, of: 21))
        #expect(!Threshold(Fraction(2, 3)!, .moreThan).isMet(count: 14, of: 21))
    }

    @Test func simpleMajorityNeedsMoreThanHalf() {
        let majority = Threshold(Fraction(1, 2)!, .moreThan)
        #expect(!majority.isMet(count: 5, of: 10))
        #expect(majority.isMet(count: 6, of: 10))
        #expect(majority.isMet(count: 1, of: 1))
        #expect(!majority.isMet(count: 0, of: 0))
    }

    @Test func comparisonDoesNotOverflowWithHugeCounts() {
        let half = Threshold(Fraction(1, 2)!, .atLeast)
        #expect(half.isMet(count: Int.max / 2 + 1, of: Int.max))
        #expect(!half.isMet(count: Int.max / 2, of: Int.max))
    }

    @Test func parsingAndReduction() {
        #expect(Fraction(parsing: "4/6") == Fraction(2, 3))
        #expect(Fraction(parsing: "1")?.description == "1/1")
        #expect(Fraction(parsing: "1/0") == nil)
        #expect(Fraction(parsing: "-1/2") == nil)
        #expect(Fraction(parsing: "a/b") == nil)
        #expect(Fraction(parsing: "1/2/3") == nil)
        #expect(Fraction(parsing: "") == nil)
    }

    @Test func quorumByShareAndByVoters() {
        let quarter = Quorum.share(Fraction(1, 4)!)
        #expect(quarter.isMet(participants: 25, members: 100))
        #expect(!quarter.isMet(participants: 24, members: 100))
        #expect(Quorum.voters(3).isMet(participants: 3, members: 1000))
        #expect(!Quorum.voters(3).isMet(participants: 2, members: 2))
    }
}
