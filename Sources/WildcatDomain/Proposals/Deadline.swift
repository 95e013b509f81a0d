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
        guard (1970...9999).contains(year), CivilDate.isValid(year: year, month: month, day: day), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second))
    }
}
