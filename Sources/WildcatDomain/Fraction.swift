/// An exact non-negative rational number, used for quorums and thresholds (never floating point).
public struct Fraction: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Creates a reduced fraction; fails on a zero denominator or a negative part.
    public init?(_ numerator: Int, _ denominator: Int) {
        guard denominator > 0, numerator >= 0 else { return nil }
        let divisor = Self.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// Parses "2/3", "1/2" or a whole number such as "1".
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let whole = Int(parts[0]) else { return nil }
            self.init(whole, 1)
        case 2:
            guard let n = Int(parts[0]), let d = Int(parts[1]) else { return nil }
            self.init(n, d)
        default:
            return nil
        }
    }

    public var description: String { "\(numerator)/\(denominator)" }

    /// Compares `count / total` with this fraction without division: the sign of
    /// `count * denominator - numerator * total`.
    public func compare(count: Int, of total: Int) -> Ordering {
        let lhs = count.multipliedFullWidth(by: denominator)
        let rhs = numerator.multipliedFullWidth(by: total)
        if lhs.high != rhs.high { return lhs.high < rhs.high ? .below : .above }
        if lhs.low != rhs.low { return lhs.low < rhs.low ? .below : .above }
        return .equal
    }

    /// Where a share stands relative to a fraction.
    public enum Ordering: Sendable { case below, equal, above }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Fraction(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a fraction: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}

/// A share that must be reached: "more than 1/2" or "at least 2/3".
public struct Threshold: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether the share must strictly exceed the fraction or may equal it.
    public enum Rule: String, Sendable, Codable, CaseIterable { case moreThan, atLeast }

    public var fraction: Fraction
    public var rule: Rule

    public init(_ fraction: Fraction, _ rule: Rule) {
        self.fraction = fraction
        self.rule = rule
    }

    /// True when `count` out of `total` meets the threshold. Zero of zero never meets it.
    public func isMet(count: Int, of total: Int) -> Bool {
        guard total > 0 else { return false }
        switch (rule, fraction.compare(count: count, of: total)) {
        case (_, .above), (.atLeast, .equal): return true
        default: return false
        }
    }

    public var description: String {
        "\(rule == .moreThan ? "more than" : "at least") \(fraction)"
    }
}

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

    public init(from decoder: any Decoder) throws {
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
