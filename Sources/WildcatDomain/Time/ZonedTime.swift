import Foundation

/// A wall-clock time in a named zone (IANA, such as "Europe/Berlin"), as people give a meeting's
/// time: "07:30 at the café", not an offset. Daylight-saving changes make some wall times not
/// exist (the clock jumps forward) and some exist twice (it falls back); both are handled here.
public struct ZonedTime: Sendable, Hashable {
    public let instant: Date
    public let zone: String

    /// "2026-12-01T07:30" (as a date-and-time field sends it) in `zone`.
    /// Refused: an unknown zone, a malformed time, a time the clock skips in that zone.
    /// A time that happens twice is the first of the two (before the clock falls back).
    public init(local text: String, zone name: String, field: String) throws(InputError) {
        guard let zone = Self.zone(named: name) else {
            throw InputError(field: "timeZone", "Choose a time zone such as Europe/Berlin (the city whose clock you mean).")
        }
        guard let wall = Deadline.parse(text) else {
            throw InputError(field: field, "Give the date and time, such as 2026-12-01 07:30.")
        }
        // `wall` is the wall time read as if UTC. The instant is wall - offset(instant); try the
        // offsets in force just before and after, and keep those that give back the same wall time.
        let candidates = [wall - TimeInterval(zone.secondsFromGMT(for: wall - 86400)),
                          wall - TimeInterval(zone.secondsFromGMT(for: wall + 86400)),
                          wall - TimeInterval(zone.secondsFromGMT(for: wall))]
        let valid = Set(candidates.filter { $0 + TimeInterval(zone.secondsFromGMT(for: $0)) == wall })
        guard let first = valid.min() else {
            throw InputError(field: field, "\(Self.wallText(wall)) does not happen in \(name): the clocks skip it for daylight saving. Choose another time.")
        }
        self.instant = first
        // Foundation calls UTC "GMT"; people wrote UTC.
        self.zone = zone.identifier == "GMT" && name.uppercased() == "UTC" ? "UTC" : zone.identifier
    }

    public init(instant: Date, zone: String) {
        self.instant = instant
        self.zone = zone
    }

    /// The zone if the system knows it; the zone's own spelling is kept.
    public static func zone(named name: String) -> TimeZone? {
        guard !name.isEmpty, name.count <= 64, let zone = TimeZone(identifier: name) else { return nil }
        return zone
    }

    /// "2026-12-01T07:30": the instant on the zone's wall clock, as a date-and-time field wants it.
    public var localText: String { localText(in: Self.zone(named: zone)) }

    /// The same, with the zone already looked up.
    public func localText(in zone: TimeZone?) -> String {
        Self.wallText(instant + TimeInterval(zone?.secondsFromGMT(for: instant) ?? 0), separator: "T")
    }

    /// Minutes east of UTC in force at the instant.
    public var utcOffsetMinutes: Int { (Self.zone(named: zone)?.secondsFromGMT(for: instant) ?? 0) / 60 }

    static func wallText(_ wall: Date, separator: String = " ") -> String {
        let seconds = Int(wall.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let (y, m, d) = CivilDate.civil(fromDays: days)
        let inDay = seconds - days * 86400
        return Digits.pad(y, 4) + "-" + Digits.pad(m) + "-" + Digits.pad(d) + separator + Digits.pad(inDay / 3600) + ":" + Digits.pad(inDay % 3600 / 60)
    }
}
