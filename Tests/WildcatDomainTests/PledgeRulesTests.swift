import Foundation
import Testing
@testable import WildcatDomain

@Suite struct PledgeRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aShareIsReachedExactlyAtItsBoundary() throws {
        let seventy = try #require(PledgeThreshold(share: Fraction(7, 10), count: nil))
        #expect(!seventy.isMet(pledged: 6, members: 10))
        #expect(seventy.isMet(pledged: 7, members: 10))
        // 70 % of 11 is 7.7: 7 is short, 8 reaches it.
        #expect(!seventy.isMet(pledged: 7, members: 11))
        #expect(seventy.isMet(pledged: 8, members: 11))
        #expect(seventy.needed(members: 11) == 8)
        #expect(seventy.needed(members: 10) == 7)
        #expect(!seventy.isMet(pledged: 0, members: 0))
        let twoThirds = try #require(PledgeThreshold(share: Fraction(2, 3), count: nil))
        #expect(twoThirds.needed(members: 9_999) == 6_666)
        #expect(!twoThirds.isMet(pledged: 6_665, members: 9_999) && twoThirds.isMet(pledged: 6_666, members: 9_999))
    }

    @Test func withBothWhicheverComesFirst() throws {
        let either = try #require(PledgeThreshold(share: Fraction(7, 10), count: 40))
        #expect(either.isMet(pledged: 40, members: 1000))
        #expect(!either.isMet(pledged: 39, members: 1000))
        #expect(either.isMet(pledged: 7, members: 10))
        #expect(either.needed(members: 1000) == 40 && either.needed(members: 10) == 7)
    }

    @Test func aThresholdNeedsSomethingSensible() {
        #expect(PledgeThreshold(share: nil, count: nil) == nil)
        #expect(PledgeThreshold(share: Fraction(0, 1), count: nil) == nil)
        #expect(PledgeThreshold(share: Fraction(11, 10), count: nil) == nil)
        #expect(PledgeThreshold(share: nil, count: 0) == nil)
    }

    @Test func aRequestReadsPercentagesAndFractionsAndRefusesTheRest() throws {
        let day = now + 86400
        #expect(try PledgeRequest(text: "Walk out Friday", share: "70", count: nil, deadline: day, now: now).threshold.share == Fraction(7, 10))
        #expect(try PledgeRequest(text: "Walk out Friday", share: "70 %", count: nil, deadline: day, now: now).threshold.share == Fraction(7, 10))
        #expect(try PledgeRequest(text: "Walk out Friday", share: "2/3", count: "40", deadline: day, now: now).threshold.count == 40)
        for (share, count) in [("0", nil), ("101", nil), ("-5", nil), ("+5", nil), ("abc", nil), ("3/2", nil), (nil, "0"), (nil, "-1"), (nil, nil), ("", "")] as [(String?, String?)] {
            #expect(throws: InputError.self) { try PledgeRequest(text: "Walk out", share: share, count: count, deadline: day, now: now) }
        }
        #expect(throws: InputError.self) { try PledgeRequest(text: "  ", share: "50", count: nil, deadline: day, now: now) }
        // Hostile or huge text: markup, direction overrides, control characters, 501 characters.
        for text in ["<script>alert(1)</script>", "Walk \u{202E}tuo", "Walk\u{0}out", String(repeating: "x", count: 501)] {
            #expect(throws: InputError.self) { try PledgeRequest(text: text, share: "50", count: nil, deadline: day, now: now) }
        }
        #expect(throws: Never.self) { try PledgeRequest(text: String(repeating: "x", count: 500), share: "50", count: nil, deadline: day, now: now) }
        #expect(throws: InputError.self) { try PledgeRequest(text: "Walk out", share: "50", count: nil, deadline: now + 3599, now: now) }
        #expect(throws: InputError.self) { try PledgeRequest(text: "Walk out", share: "50", count: nil, deadline: now + 60 * 86400 + 1, now: now) }
        #expect(throws: Never.self) { try PledgeRequest(text: "Walk out", share: "50", count: nil, deadline: now + 3600, now: now) }
    }
}
