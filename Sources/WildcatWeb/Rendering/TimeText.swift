import Foundation

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

    /// Civil date from days since 1970 (Howard Hinnant's algorithm), so no locale or time zone
    /// database is involved.
    private static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
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
