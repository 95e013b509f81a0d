import Foundation
import WildcatDomain

/// A time as agreed: on the wall clock of the zone it was given in ("Tue 1 Dec 2026, 07:30,
/// Europe/Berlin"), which is what a meeting at a café means, whoever reads it where.
struct ZonedTimeView: Sendable {
    let text: String
    let iso: String

    init(_ time: ZonedTime) {
        text = Self.text(time)
        iso = TimeText.iso(time.instant)
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func text(_ time: ZonedTime) -> String {
        let local = time.localText
        let parts = local.split(whereSeparator: { "-T".contains($0) }).map(String.init)
        guard parts.count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return local }
        let days = CivilDate.daysSinceEpoch(year: y, month: m, day: d)
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday) \(d) \(months[m - 1]) \(y), \(parts[3]), \(time.zone)"
    }

    /// A span in one zone: "Sat 28 Nov 2026, 06:00–10:00, UTC" when it ends the same day.
    static func span(_ start: Date, _ end: Date, zone: String) -> String {
        let from = text(ZonedTime(instant: start, zone: zone)), to = text(ZonedTime(instant: end, zone: zone))
        let suffix = ", " + zone
        guard from.hasSuffix(suffix), to.hasSuffix(suffix) else { return from + " – " + to }
        let fromParts = from.dropLast(suffix.count), toParts = to.dropLast(suffix.count)
        if fromParts.dropLast(5) == toParts.dropLast(5) { return fromParts + "–" + toParts.suffix(5) + suffix }
        return fromParts + " – " + toParts + suffix
    }

    /// "07:30–09:00" style end: the end's wall time in the same zone.
    static func until(_ end: Date, zone: String) -> String {
        let local = ZonedTime(instant: end, zone: zone).localText
        return String(local.suffix(5))
    }
}

/// The zones people choose from (the system's list), for a form's suggestions.
enum TimeZoneChoices {
    static let all: [String] = TimeZone.knownTimeZoneIdentifiers.sorted()
}
