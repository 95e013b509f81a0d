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

    /// Parses "2/3", "1/2" or a whole number such as "1": plain digits (no sign, no leading
    /// zeros, at most nine of them), as the API's schema states (`Fraction.pattern`).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let n = Self.number(parts[0]) else { return nil }
        guard parts.count == 2 else { self.init(n, 1); return }
        guard let d = Self.number(parts[1]) else { return nil }
        self.init(n, d)
    }

    /// The notation `init(parsing:)` reads, as a regular expression.
    public static let pattern = "^(0|[1-9][0-9]{0,8})(/[1-9][0-9]{0,8})?$"

    private static func number(_ digits: Substring) -> Int? {
        guard (1...9).contains(digits.utf8.count), digits.utf8.allSatisfy({ (48...57).contains($0) }),
              digits == "0" || digits.first != "0" else { return nil }
        return Int(digits)
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

