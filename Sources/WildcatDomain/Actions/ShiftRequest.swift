import Foundation

/// A new shift, checked against its action's time.
public struct ShiftRequest: Sendable, Hashable {
    public let role: String
    public let startsAt: Date
    public let endsAt: Date
    public let needed: Int

    public init(role: String, startsLocal: String, hours: Int, needed: Int, action: Action, now: Date) throws(InputError) {
        self.role = try FreeText.validate(role, field: "role", noun: "The role", length: Shift.roleLength)
        let starts = try ZonedTime(local: startsLocal, zone: action.starts.zone, field: "startsLocal")
        guard starts.instant > now else { throw InputError(field: "startsLocal", "That time has passed. Give a time still to come.") }
        guard (1...24).contains(hours) else { throw InputError(field: "hours", "A shift lasts 1 to 24 hours.") }
        guard Shift.neededRange.contains(needed) else { throw InputError(field: "needed", "A shift needs 1 to 500 people.") }
        let ends = starts.instant + TimeInterval(hours * 3600)
        guard starts.instant >= action.starts.instant, ends <= action.endsAt else {
            throw InputError(field: "startsLocal", "A shift falls within its action's time.")
        }
        self.startsAt = starts.instant
        self.endsAt = ends
        self.needed = needed
    }
}
