import Foundation
import Testing
@testable import WildcatDomain

private let now = Date(timeIntervalSince1970: 1_800_000_000)

private func shift(_ id: String, from start: TimeInterval, hours: Double, needed: Int = 2, taken: Int = 0) -> Shift {
    Shift(id: ID(id), actionID: ID("x"), role: id, startsAt: now + start, endsAt: now + start + hours * 3600, needed: needed, taken: taken)
}

private func action(status: Action.Status, publicText: String = "", createdBy: ID<Account>? = nil) -> Action {
    Action(id: ID("x"), assemblyID: ID("a"), kind: .picket, title: "Picket", starts: ZonedTime(instant: now + 3600, zone: "UTC"), endsAt: now + 10 * 3600,
           place: "Gate", details: "", status: status, publicText: publicText, callNumber: "", callPoints: "", publishedAt: nil, withdrawnAt: nil,
           createdBy: createdBy)
}

@Suite struct ShiftRulesTests {
    @Test func aFullShiftIsRefusedAndOneLastPlaceIsNot() {
        #expect(shift("a", from: 3600, hours: 4, needed: 2, taken: 1).signUpRefusal(holding: [], now: now) == nil)
        #expect(shift("a", from: 3600, hours: 4, needed: 2, taken: 2).signUpRefusal(holding: [], now: now)?.message.contains("full") == true)
    }

    @Test func aShiftThatBeganIsRefusedToTheSecond() {
        let gate = shift("a", from: 3600, hours: 4)
        #expect(gate.signUpRefusal(holding: [], now: now + 3599) == nil)
        #expect(gate.signUpRefusal(holding: [], now: now + 3600)?.message.contains("begun") == true)
    }

    @Test func overlappingShiftsAreRefusedButBackToBackAreNot() {
        let morning = shift("morning", from: 3600, hours: 4)
        let overlap = shift("overlap", from: 3600 + 4 * 3600 - 60, hours: 2)
        let after = shift("after", from: 3600 + 4 * 3600, hours: 2)
        #expect(overlap.signUpRefusal(holding: [morning], now: now)?.message.contains("morning") == true)
        #expect(after.signUpRefusal(holding: [morning], now: now) == nil)
        // Holding the same shift again changes nothing and is not refused, even when full.
        let full = shift("morning", from: 3600, hours: 4, needed: 1, taken: 1)
        #expect(full.signUpRefusal(holding: [morning], now: now) == nil)
    }

    @Test func aShiftFallsWithinItsActionAndNeedsOneToFiveHundred() throws {
        let picket = action(status: .called)
        func make(_ local: String, hours: Int = 2, needed: Int = 3) throws -> ShiftRequest {
            try ShiftRequest(role: "Gate 2", startsLocal: local, hours: hours, needed: needed, action: picket, now: now)
        }
        // The action runs 09:00 to 18:00 UTC on 2027-01-15.
        #expect(throws: Never.self) { try make("2027-01-15T09:00") }
        #expect(throws: InputError.self) { try make("2027-01-15T08:59") }
        #expect(throws: Never.self) { try make("2027-01-15T16:00", hours: 2) }
        #expect(throws: InputError.self) { try make("2027-01-15T16:01", hours: 2) }
        #expect(throws: InputError.self) { try make("2027-01-15T10:00", needed: 0) }
        #expect(throws: Never.self) { try make("2027-01-15T10:00", needed: 500) }
        #expect(throws: InputError.self) { try make("2027-01-15T10:00", needed: 501) }
        #expect(throws: InputError.self) { try make("2027-01-15T10:00", hours: 0) }
    }
}

@Suite struct ActionRulesTests {
    @Test func anActionIsCalledPublishedOrCalledOffOnlyFromWhereItStands() throws {
        #expect(throws: Never.self) { try DecideAction(action: action(status: .drafted), what: .call) }
        #expect(throws: InputError.self) { try DecideAction(action: action(status: .called), what: .call) }
        #expect(throws: InputError.self) { try DecideAction(action: action(status: .drafted, publicText: "Join us"), what: .publish) }
        #expect(throws: InputError.self) { try DecideAction(action: action(status: .called), what: .publish) }
        #expect(throws: Never.self) { try DecideAction(action: action(status: .called, publicText: "Join us"), what: .publish) }
        #expect(throws: InputError.self) { try DecideAction(action: action(status: .cancelled), what: .callOff) }
    }

    @Test func aDecisionThatPassesChangesTheActionAndOneThatFailsNothing() throws {
        let effect = try DecideAction(action: action(status: .drafted), what: .call)
        let snapshot = AssemblySnapshot(name: "Depot", rules: .defaults, memberCount: 3, members: [])
        let passed = effect.resolve(EffectClosing(proposal: ID("p"), outcome: .passed, winners: [], assembly: snapshot))
        #expect(passed.steps == [.decideAction(ID("x"), .call)])
        let failed = effect.resolve(EffectClosing(proposal: ID("p"), outcome: .failed, winners: [], assembly: snapshot))
        #expect(failed.steps.isEmpty && failed.outcome == nil)
    }

    @Test func aDraftIsDroppedByItsAuthorAndACalledActionOnlyByDecisionOutsideCommittees() {
        let rosa = ID<Account>("rosa")
        #expect(action(status: .drafted, createdBy: rosa).cancelRefusal(by: rosa, inCommittee: false) == nil)
        #expect(action(status: .drafted, createdBy: rosa).cancelRefusal(by: ID("lucy"), inCommittee: false) != nil)
        #expect(action(status: .called).cancelRefusal(by: rosa, inCommittee: false) != nil)
        #expect(action(status: .called).cancelRefusal(by: rosa, inCommittee: true) == nil)
    }

    @Test func anActionServesOnlyAdoptedDemands() throws {
        func make(_ demands: [ID<Demand>], hours: Int = 8) throws -> ActionRequest {
            try ActionRequest(kind: "strike", title: "Strike", startsLocal: "2027-01-16T06:00", timeZone: "UTC", hours: hours, place: "Depot", details: "",
                              demands: demands, among: [ID("rehire")], now: now)
        }
        #expect(try make([ID("rehire"), ID("rehire")]).demands == [ID("rehire")])
        #expect(throws: InputError.self) { try make([ID("other")]) }
        #expect(throws: InputError.self) { try make([], hours: 0) }
        #expect(throws: Never.self) { try make([], hours: 336) }
        #expect(throws: InputError.self) { try make([], hours: 337) }
        #expect(throws: InputError.self) {
            try ActionRequest(kind: "riot", title: "x", startsLocal: "2027-01-16T06:00", timeZone: "UTC", hours: 1, place: "p", details: "",
                              demands: [], among: [], now: now)
        }
    }

    @Test func thePublicWordsTakeAPhoneNumberAndNothingElseThere() throws {
        #expect(try ActionRequest.publicWords(text: "Join", callNumber: " +44 (20) 7946-0000 ", callPoints: "").1 == "+44 (20) 7946-0000")
        #expect(throws: InputError.self) { try ActionRequest.publicWords(text: "", callNumber: "call me", callPoints: "") }
        #expect(throws: InputError.self) { try ActionRequest.publicWords(text: "\u{202E}evil", callNumber: "", callPoints: "") }
    }
}

@Suite struct DemandRulesTests {
    @Test func aDemandIsAdoptedThenWonOrLostAndNothingElse() throws {
        func demand(_ status: Demand.Status) -> Demand { Demand(id: ID("d"), assemblyID: ID("a"), text: "Rehire Ines", status: status, history: []) }
        #expect(throws: Never.self) { try DecideDemand(demand: demand(.drafted), to: .adopted) }
        #expect(throws: InputError.self) { try DecideDemand(demand: demand(.drafted), to: .won) }
        #expect(throws: Never.self) { try DecideDemand(demand: demand(.adopted), to: .won) }
        #expect(throws: Never.self) { try DecideDemand(demand: demand(.adopted), to: .lost) }
        #expect(throws: InputError.self) { try DecideDemand(demand: demand(.won), to: .lost) }
        #expect(throws: InputError.self) { try DecideDemand(demand: demand(.lost), to: .adopted) }
    }
}

@Suite struct SupporterRulesTests {
    @Test func aSupportersNameIsCheckedAsAnyNameShownToOthers() throws {
        #expect(try Supporter.validated(name: "  Ana  ", contact: " ").name == "Ana")
        #expect(try Supporter.validated(name: "Ana", contact: "").contact == "")
        #expect(throws: InputError.self) { try Supporter.validated(name: "<script>", contact: "") }
        #expect(throws: InputError.self) { try Supporter.validated(name: "Ana\u{202E}", contact: "") }
        #expect(throws: InputError.self) { try Supporter.validated(name: "", contact: "") }
        #expect(throws: InputError.self) { try Supporter.validated(name: String(repeating: "a", count: 61), contact: "") }
        #expect(throws: Never.self) { try Supporter.validated(name: String(repeating: "a", count: 60), contact: "") }
        #expect(throws: InputError.self) { try Supporter.validated(name: "Ana", contact: "a\nb") }
    }
}

@Suite struct ICalendarTests {
    let event = ICalendar.Event(uid: "meeting-1@wildcat", title: "Before work; bring tea, please", starts: ZonedTime(instant: now, zone: "Europe/Berlin"),
                                endsAt: now + 3600, place: "Café Rosa\\back room", description: "Line one\nLine two",
                                url: "https://example.org/a/x/meetings/1", cancelled: false)

    @Test func textIsEscapedAsTheStandardSays() {
        let text = ICalendar(name: "Wildcat", events: [event]).rendered(stamp: now)
        #expect(text.contains("SUMMARY:Before work\\; bring tea\\, please\r\n"))
        #expect(text.contains("LOCATION:Café Rosa\\\\back room\r\n"))
        #expect(text.contains("DTSTART:20270115T080000Z\r\nDTEND:20270115T090000Z\r\n"))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
    }

    @Test func longLinesAreFoldedAtSeventyFiveOctetsWithoutSplittingACharacter() {
        var out = ""
        ICalendar.fold("SUMMARY:" + String(repeating: "é", count: 100), into: &out)
        let lines = out.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        for line in lines { #expect(line.utf8.count <= 75) }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.map { $0.hasPrefix(" ") ? String($0.dropFirst()) : $0 }.joined() == "SUMMARY:" + String(repeating: "é", count: 100))
    }
}
