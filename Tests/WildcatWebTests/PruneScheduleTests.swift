import Foundation
import Testing
@testable import WildcatWeb

@Suite struct PruneScheduleTests {
    @Test func aTableIsSweptPastItsFloorThenOnlyOnceItHasDoubled() {
        var schedule = PruneSchedule(floor: 100)
        #expect(!schedule.isDue(100))
        #expect(schedule.isDue(101))
        // Every entry still live: the next sweep waits until the table has doubled.
        schedule.swept(leaving: 101)
        #expect(!schedule.isDue(202))
        #expect(schedule.isDue(203))
        // A sweep that emptied the table brings the floor back.
        schedule.swept(leaving: 3)
        #expect(!schedule.isDue(100))
        #expect(schedule.isDue(101))
    }

    @Test func aRateLimiterStillCountsAndStillForgetsAfterItsWindow() throws {
        let limiter = RateLimiter()
        let limit = RateLimit(2, per: 60)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        // 60,000 keys within one window: past the floor, with nothing to sweep yet.
        for key in 0..<60_000 { try limiter.check("k\(key)", limit, now: t0) }
        try limiter.check("k0", limit, now: t0 + 1)
        #expect(throws: (any Error).self) { try limiter.check("k0", limit, now: t0 + 2) }
        // A window later, the key starts afresh.
        try limiter.check("k0", limit, now: t0 + 61)
        // And the stale keys go once the table has doubled since its last sweep (at 50,001, leaving all).
        for key in 0..<40_004 { try limiter.check("n\(key)", limit, now: t0 + 62) }
        #expect(limiter.keysHeld == 40_005)
    }
}
