/// Urgent proposals, if the assembly allows them: a deadline as short as `shortestMinutes` (and
/// at most a day), their own quorum, and an alert to every member the moment one opens. Who may
/// open one is part of the rule.
public struct UrgentRule: Sendable, Hashable, Codable {
    public enum Opener: String, Sendable, Hashable, Codable, CaseIterable {
        case anyMember
        /// Only members who hold a seat on one of the assembly's committees (its strike committee).
        case delegates
    }

    public static let shortestMinutesRange = 15...(24 * 60)
    /// An urgent vote closes within a day: longer is not urgent.
    public static let longestMinutes = 24 * 60

    public var shortestMinutes: Int
    public var quorum: Quorum
    public var whoMayOpen: Opener

    public init(shortestMinutes: Int, quorum: Quorum, whoMayOpen: Opener) {
        self.shortestMinutes = shortestMinutes
        self.quorum = quorum
        self.whoMayOpen = whoMayOpen
    }

    /// A sensible first rule: two hours, a tenth of members, any member.
    public static let suggested = UrgentRule(shortestMinutes: 120, quorum: .share(Fraction(1, 10)!), whoMayOpen: .anyMember)

    func validated() throws(InputError) -> UrgentRule {
        guard Self.shortestMinutesRange.contains(shortestMinutes) else {
            throw InputError(field: "urgent.shortestMinutes", "An urgent vote's shortest deadline is \(Self.shortestMinutesRange.lowerBound) minutes to 24 hours.")
        }
        if case .share(let share) = quorum, share.numerator > share.denominator {
            throw InputError(field: "urgent.quorum", "A quorum share cannot exceed all members.")
        }
        if case .voters(let count) = quorum, count < 0 { throw InputError(field: "urgent.quorum", "A quorum cannot be negative.") }
        return self
    }
}
