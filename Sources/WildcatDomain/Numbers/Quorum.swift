/// How many must take part for a decision to count.
public enum Quorum: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A share of the assembly's members, at least.
    case share(Fraction)
    /// A fixed number of voters, at least.
    case voters(Int)

    /// True when `participants` out of `members` reach the quorum.
    public func isMet(participants: Int, members: Int) -> Bool {
        switch self {
        case .share(let fraction):
            return Threshold(fraction, .atLeast).isMet(count: participants, of: members)
                || (fraction.numerator == 0)
        case .voters(let count):
            return participants >= count
        }
    }

    private enum CodingKeys: String, CodingKey { case share, voters }

    /// `{"share": "1/3"}` or `{"voters": 5}`: exactly one of the two.
    public init(from decoder: any Decoder) throws {
        try OneKey.require(in: decoder, of: "a quorum", known: ["share", "voters"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let fraction = try container.decodeIfPresent(Fraction.self, forKey: .share) {
            self = .share(fraction)
        } else {
            self = .voters(try container.decode(Int.self, forKey: .voters))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .share(let fraction): try container.encode(fraction, forKey: .share)
        case .voters(let count): try container.encode(count, forKey: .voters)
        }
    }

    public var description: String {
        switch self {
        case .share(let fraction): return "\(fraction) of members"
        case .voters(let count): return count == 1 ? "1 voter" : "\(count) voters"
        }
    }
}
