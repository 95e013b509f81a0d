import Foundation

/// An iCalendar document (RFC 5545) of meetings and actions, for calendar apps. Times are
/// written in UTC ("…Z"), which every reader places correctly in its own zone, across
/// daylight-saving changes included; the zone the time was given in is named in the text.
public struct ICalendar: Sendable {
    public struct Event: Sendable, Hashable {
        public let uid: String
        public let title: String
        public let starts: ZonedTime
        public let endsAt: Date
        public let place: String
        public let description: String
        public let url: String
        public let cancelled: Bool

        public init(uid: String, title: String, starts: ZonedTime, endsAt: Date, place: String, description: String, url: String, cancelled: Bool) {
            self.uid = uid
            self.title = title
            self.starts = starts
            self.endsAt = endsAt
            self.place = place
            self.description = description
            self.url = url
            self.cancelled = cancelled
        }
    }

    public let name: String
    public let events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The document, lines ending CRLF and folded at 75 octets.
    public func rendered(stamp: Date) -> String {
        var out = ""
        out.reserveCapacity(256 + events.count * 400)
        func line(_ text: String) { Self.fold(text, into: &out) }
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:-//Wildcat//Wildcat//EN")
        line("CALSCALE:GREGORIAN")
        line("METHOD:PUBLISH")
        line("X-WR-CALNAME:" + Self.escape(name))
        let dtstamp = Self.utc(stamp)
        // Looking a zone up is slow; a feed uses a handful.
        var zones: [String: TimeZone] = [:]
        for event in events {
            line("BEGIN:VEVENT")
            line("UID:" + event.uid)
            line("DTSTAMP:" + dtstamp)
            line("DTSTART:" + Self.utc(event.starts.instant))
            line("DTEND:" + Self.utc(event.endsAt))
            line("SUMMARY:" + Self.escape(event.title))
            line("LOCATION:" + Self.escape(event.place))
            let zone = zones[event.starts.zone] ?? ZonedTime.zone(named: event.starts.zone)
            zones[event.starts.zone] = zone
            let when = "Local time: " + event.starts.localText(in: zone).replacingOccurrences(of: "T", with: " ") + " (" + event.starts.zone + ")"
            line("DESCRIPTION:" + Self.escape(event.description.isEmpty ? when : when + "\n\n" + event.description))
            line("URL:" + event.url)
            line("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
            line("END:VEVENT")
        }
        line("END:VCALENDAR")
        return out
    }

    /// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        // Most texts need nothing: keep them as they are.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 < 0x20 }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters have no place in a content line.
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Content lines are at most 75 octets; longer ones continue on lines starting with a
    /// space, never splitting a character's UTF-8 bytes (§3.1).
    static func fold(_ text: String, into out: inout String) {
        guard text.utf8.count > 75 else {
            out += text
            out += "\r\n"
            return
        }
        var count = 0
        var limit = 75
        for scalar in text.unicodeScalars {
            let size = scalar.value < 0x80 ? 1 : scalar.value < 0x800 ? 2 : scalar.value < 0x10000 ? 3 : 4
            if count + size > limit {
                out += "\r\n "
                count = 0
                limit = 74
            }
            out.unicodeScalars.append(scalar)
            count += size
        }
        out += "\r\n"
    }

    /// "20261201T063000Z", formatted by hand: this runs for every event of every feed.
    static func utc(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let (y, m, d) = CivilDate.civil(fromDays: days)
        let s = seconds - days * 86400
        return Digits.pad(y, 4) + Digits.pad(m) + Digits.pad(d) + "T" + Digits.pad(s / 3600) + Digits.pad(s % 3600 / 60) + Digits.pad(s % 60) + "Z"
    }
}
