import Foundation

/// A slot of an action's rota (a picket at gate 2 from 6 to 10): a role, a time, and how many
/// people it needs. Members and supporters sign up; the rules below say when they may not.
public struct Shift: Sendable, Hashable {
    public static let roleLength = 1...120
    public static let neededRange = 1...500
    public static let longest: TimeInterval = 24 * 3600

    public let id: ID<Shift>
    public let actionID: ID<Action>
    public var role: String
    public var startsAt: Date
    public var endsAt: Date
    public var needed: Int
    public var taken: Int

    public init(id: ID<Shift>, actionID: ID<Action>, role: String, startsAt: Date, endsAt: Date, needed: Int, taken: Int) {
        self.id = id
        self.actionID = actionID
        self.role = role
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.needed = needed
        self.taken = taken
    }

    public var missing: Int { max(0, needed - taken) }

    /// Whether two shifts share any moment: one ending as the other begins does not.
    public func overlaps(_ other: Shift) -> Bool { startsAt < other.endsAt && other.startsAt < endsAt }

    /// Why this person may not take the shift, given the shifts of the same action they hold;
    /// nil when they may. Taking a shift already held is not refused (it changes nothing).
    public func signUpRefusal(holding held: [Shift], now: Date) -> InputError? {
        if held.contains(where: { $0.id == id }) { return nil }
        if now >= startsAt { return InputError(field: "shift", "This shift has begun or passed: sign up for a later one.") }
        if taken >= needed { return InputError(field: "shift", "This shift is full: choose another.") }
        if let clash = held.first(where: overlaps) {
            return InputError(field: "shift", "You already hold a shift at that time (\(clash.role)): one person cannot be in two places.")
        }
        return nil
    }
}
