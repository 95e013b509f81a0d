/// When a pledge is reached: a share of the assembly's members, a number of pledgers, or either
/// ("70 % of us, or 40 people"), whichever comes first. Exact: no floating point.
public struct PledgeThreshold: Sendable, Hashable, Codable {
    public let share: Fraction?
    public let count: Int?

    public init?(share: Fraction?, count: Int?) {
        guard share != nil || count != nil else { return nil }
        if let share, share.numerator == 0 || share.numerator > share.denominator { return nil }
        if let count, count < 1 { return nil }
        self.share = share
        self.count = count
    }

    /// Whether `pledged` of `members` meets it: at least the share, or at least the count.
    public func isMet(pledged: Int, members: Int) -> Bool {
        if let count, pledged >= count { return true }
        if let share, members > 0, share.compare(count: pledged, of: members) != .below { return true }
        return false
    }

    /// How many pledges reach it with this many members (what the page counts toward).
    public func needed(members: Int) -> Int {
        var needed = Int.max
        if let count { needed = count }
        if let share, members > 0 {
            // The least n with n / members ≥ share: ceil(share × members), exactly.
            let product = share.numerator * members
            needed = min(needed, (product + share.denominator - 1) / share.denominator)
        }
        return needed
    }
}
