import Foundation
import Testing
import WildcatDomain

/// The notations requests use are read exactly as the API's schema states them: nothing the
/// schema forbids is read by accident (a sign, a leading zero, a second key).
@Suite("Notations")
struct NotationTests {
    @Test func fractionsAreDigitsWithoutSignsOrLeadingZeros() throws {
        #expect(Fraction(parsing: "2/3") == Fraction(2, 3))
        #expect(Fraction(parsing: "0") == Fraction(0, 1))
        #expect(Fraction(parsing: "999999999/1") != nil)
        for bad in ["+2/3", "-1/2", "02/3", "2/03", "2/0", " 2/3", "2/3 ", "1000000000/1", "1/1000000000", "2//3", "", "/3", "2/", "²/3"] {
            #expect(Fraction(parsing: bad) == nil, "\(bad)")
        }
        #expect(try Regex(Fraction.pattern).wholeMatch(in: "2/3") != nil)
    }

    @Test func thresholdsAreReadExactly() {
        #expect(Threshold(parsing: "at least 2/3") == Threshold(Fraction(2, 3)!, .atLeast))
        #expect(Threshold(parsing: "1/2", rule: .atLeast) == Threshold(Fraction(1, 2)!, .atLeast))
        for bad in [" at least 2/3", "at least  2/3", "At least 2/3", "at least 2/3 ", "more than"] {
            #expect(Threshold(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func aBallotOrAQuorumNamesExactlyOneKind() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Ballot.self, from: Data(#"{"choice":"yes"}"#.utf8)) == .yesNo(.yes))
        #expect(try decoder.decode(Quorum.self, from: Data(#"{"voters":3}"#.utf8)) == .voters(3))
        for bad in [#"{}"#, #"{"choice":"yes","position":"agree"}"#, #"{"choice":"yes","extra":1}"#] {
            #expect(throws: DecodingError.self) { try decoder.decode(Ballot.self, from: Data(bad.utf8)) }
        }
        for bad in [#"{}"#, #"{"share":"1/3","voters":3}"#, #"{"voters":3,"x":null}"#] {
            #expect(throws: DecodingError.self) { try decoder.decode(Quorum.self, from: Data(bad.utf8)) }
        }
    }

    @Test func limitsCountCharactersAndCodePointsAsSent() throws {
        // 32 characters of e + combining acute: 64 code points, over the limit as sent.
        #expect(throws: InputError.self) { try Pseudonym(String(repeating: "e\u{301}", count: 32)) }
        #expect(try Pseudonym(String(repeating: "é", count: 32)).value.count == 32)
        #expect(throws: InputError.self) { try AssemblyName(" " + String(repeating: "a", count: 80)) }
        #expect(try AssemblyName(String(repeating: "a", count: 80)).value.count == 80)
        #expect(throws: InputError.self) { try MessageText(String(repeating: "a", count: 3999) + "\r\n") }
    }

    @Test func rfc3339DateTimesInEveryForm() {
        let instant = Date(timeIntervalSince1970: 1_796_149_800)
        #expect(RFC3339.date("2026-12-01T18:30:00Z") == instant)
        #expect(RFC3339.date("2026-12-01t18:30:00z") == instant)
        #expect(RFC3339.date("2026-12-01T19:30:00+01:00") == instant)
        #expect(RFC3339.date("2026-12-01T13:30:00-05:00") == instant)
        #expect(RFC3339.date("2026-12-01T18:30:00.5Z") == instant + 0.5)
        for bad in ["", "2026-12-01", "2026-12-01T18:30Z", "2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T18:30:00", "2026-12-01T18:30:00.Z",
                    "2026-12-01T18:30:00+1:00", "2026-12-01T18:30:00Z ", "２026-12-01T18:30:00Z"] {
            #expect(RFC3339.date(bad) == nil, "\(bad)")
        }
    }

    @Test func numbersGivenForAnotherMethodAreStillChecked() throws {
        let now = Date(timeIntervalSince1970: 1_795_703_400)
        func draft(_ change: (inout ProposalRequest) -> Void) throws -> ProposalDraft {
            var request = ProposalRequest(title: "Walkout", method: .yesno, closesInMinutes: 60)
            change(&request)
            return try ProposalDraft(request: request, rules: .defaults, members: [], now: now)
        }
        #expect(try draft { _ in }.closesAt == now + 3600)
        #expect(throws: InputError.self) { try draft { $0.seats = 0 } }
        #expect(throws: InputError.self) { try draft { $0.seats = 50 } }
        #expect(throws: InputError.self) { try draft { $0.dotBudget = 101 } }
        #expect(throws: InputError.self) { try draft { $0.quorum = .voters(1_000_001) } }
        #expect(throws: InputError.self) { try draft { $0.closesInMinutes = 129_601 } }
        #expect(try draft { $0.seats = 49; $0.dotBudget = 100; $0.quorum = .voters(1_000_000); $0.closesInMinutes = 129_600 }.method == .yesno)
    }
}
