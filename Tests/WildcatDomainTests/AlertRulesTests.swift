import Foundation
import Testing
@testable import WildcatDomain

/// When alerts go out: quiet hours, digests, retries, and who wants what.
@Suite struct AlertRulesTests {
    /// 2026-11-26 (a Thursday) at 00:00 UTC.
    let midnight = Date(timeIntervalSince1970: 1_795_651_200)

    func at(_ hour: Int, _ minute: Int = 0) -> Date { midnight.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60)) }

    @Test func quietHoursHoldAlertsUntilTheyEndIncludingAcrossMidnight() throws {
        let night = try #require(QuietHours(startMinute: 22 * 60, endMinute: 7 * 60))
        #expect(night.release(after: at(21, 59), utcOffsetMinutes: 0) == at(21, 59))
        #expect(night.release(after: at(22), utcOffsetMinutes: 0) == at(31))            // 07:00 next day
        #expect(night.release(after: at(3, 30), utcOffsetMinutes: 0) == at(7))
        #expect(night.release(after: at(6, 59), utcOffsetMinutes: 0) == at(7))
        #expect(night.release(after: at(7), utcOffsetMinutes: 0) == at(7))              // the end is not quiet
        // In the member's own time: 22:00 at UTC+2 is 20:00 UTC.
        #expect(night.release(after: at(20), utcOffsetMinutes: 120) == at(29))          // 07:00 local = 05:00 UTC next day
        #expect(night.release(after: at(19, 59), utcOffsetMinutes: 120) == at(19, 59))
        let lunch = try #require(QuietHours(startMinute: 12 * 60, endMinute: 13 * 60))
        #expect(lunch.release(after: at(12, 30), utcOffsetMinutes: 0) == at(13))
        #expect(lunch.release(after: at(13, 1), utcOffsetMinutes: 0) == at(13, 1))
        #expect(QuietHours(startMinute: 60, endMinute: 60) == nil)
        #expect(QuietHours(startMinute: 0, endMinute: 1440) == nil)
    }

    @Test func digestsGoOutAtSevenEachDayOrEachMondayInTheMembersTime() {
        #expect(DigestFrequency.none.sendTime(after: at(10), utcOffsetMinutes: 0) == at(10))
        #expect(DigestFrequency.daily.sendTime(after: at(6, 59), utcOffsetMinutes: 0) == at(7))
        #expect(DigestFrequency.daily.sendTime(after: at(7), utcOffsetMinutes: 0) == at(31))
        #expect(DigestFrequency.daily.sendTime(after: at(10), utcOffsetMinutes: -300) == at(12))   // 07:00 at UTC−5
        // Thursday → the next Monday, 07:00.
        #expect(DigestFrequency.weekly.sendTime(after: at(10), utcOffsetMinutes: 0) == at(4 * 24 + 7))
    }

    @Test func urgentAlertsSkipDigestsAndQuietHoursUnlessTheMemberSaysOtherwise() throws {
        let quiet = try #require(QuietHours(startMinute: 22 * 60, endMinute: 7 * 60))
        var settings = AlertSettings(quietHours: quiet, urgentBreaksQuiet: true, digest: .daily)
        #expect(settings.due(.urgentVote, on: .push, now: at(23)) == at(23))
        #expect(settings.due(.urgentVote, on: .email, now: at(23)) == at(23))
        #expect(settings.due(.proposal, on: .push, now: at(23)) == at(31))
        #expect(settings.due(.proposal, on: .email, now: at(10)) == at(31))   // the next digest
        settings.urgentBreaksQuiet = false
        #expect(settings.due(.pledgeReached, on: .push, now: at(23)) == at(31))
    }

    @Test func levelsChooseWhatAChannelCarries() {
        #expect(AlertLevel.everything.wants(.proposal) && AlertLevel.everything.wants(.urgentVote))
        #expect(AlertLevel.urgent.wants(.urgentVote) && AlertLevel.urgent.wants(.pledgeReached))
        #expect(!AlertLevel.urgent.wants(.proposal) && !AlertLevel.urgent.wants(.decision))
        #expect(AlertKind.allCases.allSatisfy { !AlertLevel.nothing.wants($0) })
    }

    @Test func alertsNameNoTitleUnlessTheAssemblyVotedTo() {
        #expect(AlertText.text(.urgentVote, title: nil) == "New urgent vote in your assembly")
        #expect(AlertText.text(.urgentVote, title: "Walk out") == "New urgent vote: Walk out")
        #expect(!AlertText.text(.pledgeReached, title: nil).contains(":"))
    }

    @Test func retriesBackOffAndStop() {
        #expect(RetrySchedule.delay(afterAttempt: 1) == 30)
        #expect(RetrySchedule.delay(afterAttempt: 2) == 60)
        #expect(RetrySchedule.delay(afterAttempt: 7) == 1920)
        #expect(RetrySchedule.delay(afterAttempt: 8) == 3600)
        #expect(RetrySchedule.delay(afterAttempt: 9) == 3600)
        #expect(RetrySchedule.delay(afterAttempt: RetrySchedule.maxAttempts) == nil)
        #expect(RetrySchedule.delay(afterAttempt: 0) == nil)
    }
}
