import Foundation

/// A daily window, in the member's own time, in which alerts wait. Minutes from local midnight;
/// a window may run past midnight (22:00 to 07:00).
public struct QuietHours: Sendable, Hashable, Codable {
    public let startMinute: Int
    public let endMinute: Int

    public static let minutesPerDay = 24 * 60

    public init?(startMinute: Int, endMinute: Int) {
        guard (0..<Self.minutesPerDay).contains(startMinute), (0..<Self.minutesPerDay).contains(endMinute),
              startMinute != endMinute else { return nil }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// When an alert made at `now` may go out: `now` outside the window, else the window's end.
    public func release(after now: Date, utcOffsetMinutes: Int) -> Date {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let local = seconds + Int64(utcOffsetMinutes) * 60
        let minuteOfDay = Int((local % 86400 + 86400) % 86400 / 60)
        let inside = startMinute < endMinute
            ? (startMinute..<endMinute).contains(minuteOfDay)
            : minuteOfDay >= startMinute || minuteOfDay < endMinute
        guard inside else { return now }
        let wait = (endMinute - minuteOfDay + Self.minutesPerDay) % Self.minutesPerDay
        let secondsIntoMinute = (local % 60 + 60) % 60
        return Date(timeIntervalSince1970: TimeInterval(seconds - secondsIntoMinute + Int64(wait) * 60))
    }
}
