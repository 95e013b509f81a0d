import Foundation

/// When voting closes, as a person picks it: a preset, or a date and time on their own clock.
/// Resolved against the current time and the reader's offset from UTC (a form without scripts
/// sends none: UTC, as its page says).
public struct Deadline: Sendable, Hashable {
    public enum Preset: String, Sendable, CaseIterable, Codable {
        case inTwoHours = "2h"
        /// 21:00 on the reader's clock, the next one at least an hour away.
        case tonight
        case inThreeDays = "3d"
        case custom
    }

    /// "Tonight" is this hour of the reader's day.
    public static let eveningHour = 21
    /// Offsets from UTC run from -12:00 to +14:00.
    public static let offsetRange = -720...840

    public let preset: Preset
    /// For `custom`: "2026-11-26T18:30", as a date-and-time field sends it.
    public let localTime: String?
    public let utcOffsetMinutes: Int

    public init(preset: Preset, localTime: String?, utcOffsetMinutes: Int) {
        self.preset = preset
        self.localTime = localTime
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public func resolve(now: Date) throws(InputError) -> Date {
        guard Self.offsetRange.contains(utcOffsetMinutes) else {
            throw InputError(field: "utcOffsetMinutes", "The time zone offset must be between -720 and 840 minutes.")
        }
        let offset = TimeInterval(utcOffsetMinutes * 60)
        switch preset {
        case .inTwoHours:
            return now + 2 * 3600
        case .inThreeDays:
            return now + 3 * 86400
        case .tonight:
            let local = now + offset
            let dayStart = (local.timeIntervalSince1970 / 86400).rounded(.down) * 86400
            var evening = Date(timeIntervalSince1970: dayStart + TimeInterval(Self.eveningHour * 3600))
            if evening.timeIntervalSince(local) < 3600 { evening += 86400 }
            return evening - offset
        case .custom:
            guard let localTime, let local = Self.parse(localTime) else {
                throw InputError(field: "closesAtLocal", "Give the date and time voting closes, such as 2026-12-01 18:30.")
            }
            return local - offset
        }
    }

    /// "YYYY-MM-DDTHH:MM" or with ":SS", read as if UTC (the offset is applied after).
    static func parse(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { "-T: ".contains($0) }).map { Int($0) }
        guard digits.count == 5 || digits.count == 6, digits.allSatisfy({ $0 != nil }) else { return nil }
        let n = digits.map { $0! }
        let (year, month, day, hour, minute) = (n[0], n[1], n[2], n[3], n[4])
        let second = n.count == 6 ? n[5] : 0
        guard (1970...9999).contains(year), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
