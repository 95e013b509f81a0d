import Foundation

/// E-mail for members who want fewer messages: alerts that are not urgent wait and go out
/// together, at 07:00 the member's time each day, or each Monday.
public enum DigestFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case daily
    case weekly

    static let sendMinute = 7 * 60

    /// When a non-urgent e-mail made at `now` goes out.
    public func sendTime(after now: Date, utcOffsetMinutes: Int) -> Date {
        guard self != .none else { return now }
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let offset = Int64(utcOffsetMinutes) * 60
        let local = seconds + offset
        let day = local >= 0 ? local / 86400 : (local - 86399) / 86400
        var next = day * 86400 + Int64(Self.sendMinute) * 60
        if next <= local { next += 86400 }
        if self == .weekly {
            // 1970-01-01 was a Thursday: day 4 is the first Monday.
            let weekday = ((next / 86400 - 4) % 7 + 7) % 7
            next += ((7 - weekday) % 7) * 86400
        }
        return Date(timeIntervalSince1970: TimeInterval(next - offset))
    }
}
