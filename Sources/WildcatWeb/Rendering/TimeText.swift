import Foundation
import WildcatDomain

/// Times as pages print them: an ISO instant for `<time datetime>` (the page's script shows it in
/// the reader's time zone) and a UTC text for browsers without scripts. Formatted by hand: this
/// runs for every message of every live frame, and Foundation's formatters are slow.
enum TimeText {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Nov 25, 2026, 17:05 UTC"
    static func text(_ date: Date) -> String {
        let t = parts(date)
        return "\(months[t.month - 1]) \(t.day), \(t.year), \(pad(t.hour)):\(pad(t.minute)) UTC"
    }

    /// "2026-11-25T17:05:09Z"
    static func iso(_ date: Date) -> String {
        let t = parts(date)
        return "\(t.year)-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second))Z"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// The civil date and time of day in UTC, with no locale or time zone database involved.
    private static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = CivilDate.civil(fromDays: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }
}

/// A time as a template shows it.
struct TimeView: Sendable {
    let iso: String
    let text: String

    init(_ date: Date) {
        iso = TimeText.iso(date)
        text = TimeText.text(date)
    }
}
