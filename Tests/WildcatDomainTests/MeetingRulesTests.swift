import Foundation
import Testing
@testable import WildcatDomain

private let now = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

@Suite struct ZonedTimeTests {
    @Test func aWallTimeInSummerAndInWinterIsTheRightInstant() throws {
        // Berlin is UTC+1 in winter, UTC+2 in summer.
        let winter = try ZonedTime(local: "2027-01-20T07:30", zone: "Europe/Berlin", field: "startsLocal")
        #expect(ICalendar.utc(winter.instant) == "20270120T063000Z")
        let summer = try ZonedTime(local: "2027-03-30T07:30", zone: "Europe/Berlin", field: "startsLocal")
        #expect(ICalendar.utc(summer.instant) == "20270330T053000Z")
        #expect(summer.localText == "2027-03-30T07:30" && summer.utcOffsetMinutes == 120)
    }

    @Test func aTimeTheClocksSkipIsRefusedWithTheReason() {
        // 28 March 2027: 02:00 becomes 03:00 in Berlin; 02:30 never happens. 01:59 and 03:00 do.
        #expect(throws: InputError.self) { try ZonedTime(local: "2027-03-28T02:30", zone: "Europe/Berlin", field: "startsLocal") }
        do {
            _ = try ZonedTime(local: "2027-03-28T02:00", zone: "Europe/Berlin", field: "startsLocal")
            Issue.record("02:00 is skipped too")
        } catch {
            #expect(error.message.contains("daylight saving"))
        }
        #expect(throws: Never.self) { try ZonedTime(local: "2027-03-28T01:59", zone: "Europe/Berlin", field: "startsLocal") }
        #expect(throws: Never.self) { try ZonedTime(local: "2027-03-28T03:00", zone: "Europe/Berlin", field: "startsLocal") }
    }

    @Test func aTimeThatHappensTwiceIsTheFirst() throws {
        // 31 October 2027: 03:00 falls back to 02:00 in Berlin; 02:30 happens at 00:30Z and 01:30Z.
        let twice = try ZonedTime(local: "2027-10-31T02:30", zone: "Europe/Berlin", field: "startsLocal")
        #expect(ICalendar.utc(twice.instant) == "20271031T003000Z")
        let after = try ZonedTime(local: "2027-10-31T03:00", zone: "Europe/Berlin", field: "startsLocal")
        #expect(ICalendar.utc(after.instant) == "20271031T020000Z")
    }

    @Test func anUnknownZoneOrAMalformedTimeIsRefused() throws {
        #expect(throws: InputError.self) { try ZonedTime(local: "2027-03-30T07:30", zone: "Mars/Olympus", field: "startsLocal") }
        #expect(throws: InputError.self) { try ZonedTime(local: "2027-03-30T07:30", zone: "", field: "startsLocal") }
        #expect(throws: InputError.self) { try ZonedTime(local: "2027-02-30T07:30", zone: "UTC", field: "startsLocal") }
        #expect(throws: InputError.self) { try ZonedTime(local: "tomorrow", zone: "UTC", field: "startsLocal") }
        let utc = try ZonedTime(local: "2027-03-30T07:30", zone: "UTC", field: "s")
        #expect(utc.zone == "UTC")
    }

    @Test func civilDatesRoundTripAcrossCenturiesAndLeapDays() {
        for days in [-719_468, -1, 0, 59, 11_016, 20_513, 2_932_896] {
            let (y, m, d) = CivilDate.civil(fromDays: days)
            #expect(CivilDate.daysSinceEpoch(year: y, month: m, day: d) == days)
        }
        #expect(CivilDate.civil(fromDays: 11_016) == (2000, 2, 29))
    }
}

@Suite struct MeetingRulesTests {
    func request(startsLocal: String = "2027-01-20T07:30", zone: String = "Europe/Berlin", length: Int = 60, place: String = "Café Rosa",
                 agenda: String = "Overtime\nThe new rota") throws -> MeetingRequest {
        try MeetingRequest(title: "Before work", startsLocal: startsLocal, timeZone: zone, lengthMinutes: length, place: place, agendaText: agenda,
                           assemblyMeeting: false, minutesBy: nil, now: now)
    }

    @Test func aMeetingLastsFifteenMinutesToTwelveHours() throws {
        #expect(throws: InputError.self) { try request(length: 14) }
        #expect(try request(length: 15).endsAt.timeIntervalSince(try request(length: 15).starts.instant) == 15 * 60)
        #expect(throws: Never.self) { try request(length: 720) }
        #expect(throws: InputError.self) { try request(length: 721) }
    }

    @Test func aMeetingIsStillToComeAndHasAPlace() {
        // 08:00Z now is 09:00 in Berlin: 09:00 has begun, 09:01 is to come.
        #expect(throws: InputError.self) { try request(startsLocal: "2027-01-15T09:00") }
        #expect(throws: Never.self) { try request(startsLocal: "2027-01-15T09:01") }
        #expect(throws: InputError.self) { try request(place: "   ") }
    }

    @Test func theAgendaIsOnePointPerLineAndAtMostThirty() throws {
        #expect(try request(agenda: "a\n\n  \nb").agenda.map(\.text) == ["a", "b"])
        #expect(try request(agenda: (1...30).map(String.init).joined(separator: "\n")).agenda.count == 30)
        #expect(throws: InputError.self) { try request(agenda: (1...31).map(String.init).joined(separator: "\n")) }
        #expect(throws: InputError.self) { try request(agenda: "fine\n<script>") }
    }

    @Test func answersCloseWhenCancelledOrOverAndMinutesAreTheNamedMembers() throws {
        let rosa = ID<Account>("rosa"), lucy = ID<Account>("lucy")
        var meeting = Meeting(id: ID("m"), assemblyID: ID("a"), title: "t", starts: ZonedTime(instant: now + 3600, zone: "UTC"), endsAt: now + 7200,
                              place: "p", agenda: [], assemblyMeeting: false, minutesBy: lucy, minutes: nil, fromPoll: nil, cancelledAt: nil, createdBy: rosa)
        #expect(meeting.rsvpRefusal(now: now) == nil)
        #expect(meeting.rsvpRefusal(now: now + 7199) == nil)
        #expect(meeting.rsvpRefusal(now: now + 7200) != nil)
        #expect(meeting.minutesRefusal(by: lucy, now: now + 3599) != nil)
        #expect(meeting.minutesRefusal(by: lucy, now: now + 3600) == nil)
        #expect(meeting.minutesRefusal(by: rosa, now: now + 3600) != nil)
        #expect(meeting.cancelRefusal(by: lucy, now: now) != nil)
        #expect(meeting.cancelRefusal(by: rosa, now: now) == nil)
        meeting.cancelledAt = now
        #expect(meeting.rsvpRefusal(now: now)?.message.contains("cancelled") == true)
        #expect(meeting.minutesRefusal(by: lucy, now: now + 3600) != nil)
    }

    @Test func aPollSlotWrittenAsADateAndTimeBecomesTheMeetingsTime() {
        #expect(PollSlot.localTime("2027-03-30 07:30") == "2027-03-30T07:30")
        #expect(PollSlot.localTime("2027-03-30T07:30") == "2027-03-30T07:30")
        #expect(PollSlot.localTime("2027-03-30 07:30 at the café") == "2027-03-30T07:30")
        #expect(PollSlot.localTime("Tuesday morning") == nil)
        #expect(PollSlot.localTime("2027-02-30 07:30") == nil)
        #expect(PollSlot.localTime("") == nil)
    }
}
