import Foundation

/// A member's alert settings that hold across assemblies.
public struct AlertSettings: Sendable, Hashable, Codable {
    public var quietHours: QuietHours?
    /// Whether urgent alerts (urgent votes, pledges reached) go out during quiet hours.
    public var urgentBreaksQuiet: Bool
    public var digest: DigestFrequency
    /// The member's distance from UTC in minutes, as they stated it (their device's time zone is
    /// not sent to the server otherwise): quiet hours and digests are in their own time.
    public var utcOffsetMinutes: Int

    public static let utcOffsetRange = -14 * 60...14 * 60

    public init(quietHours: QuietHours? = nil, urgentBreaksQuiet: Bool = true, digest: DigestFrequency = .none, utcOffsetMinutes: Int = 0) {
        self.quietHours = quietHours
        self.urgentBreaksQuiet = urgentBreaksQuiet
        self.digest = digest
        self.utcOffsetMinutes = Self.utcOffsetRange.contains(utcOffsetMinutes) ? utcOffsetMinutes : 0
    }

    public static let standard = AlertSettings()

    /// When an alert of this kind, made at `now`, goes out on this channel.
    public func due(_ kind: AlertKind, on channel: AlertChannel, now: Date) -> Date {
        var at = now
        if let quiet = quietHours, !(kind.isUrgent && urgentBreaksQuiet) { at = quiet.release(after: at, utcOffsetMinutes: utcOffsetMinutes) }
        if channel == .email, !kind.isUrgent, !kind.isReminder { at = max(at, digest.sendTime(after: now, utcOffsetMinutes: utcOffsetMinutes)) }
        return at
    }
}
