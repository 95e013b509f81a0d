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

    /// Reads the notation `description` writes ("at least 2/3", "more than 1/2"), or a bare
    /// fraction with `rule` ("2/3"); exactly, as `pattern` states.
    public init?(parsing text: String, rule: Rule = .moreThan) {
        for (prefix, given) in [("at least ", Rule.atLeast), ("more than ", Rule.moreThan)] where text.hasPrefix(prefix) {
            guard let fraction = Fraction(parsing: String(text.dropFirst(prefix.count))) else { return nil }
            self.init(fraction, given)
            return
        }
        guard let fraction = Fraction(parsing: text) else { return nil }
        self.init(fraction, rule)
    }

    /// The notation `init(parsing:)` reads, as a regular expression.
    public static let pattern = "^((at least|more than) )?(0|[1-9][0-9]{0,8})(/[1-9][0-9]{0,8})?$"

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

    private enum CodingKeys: String, CodingKey { case fraction, rule }

    /// Stored and sent as `{"fraction": "2/3", "rule": "atLeast"}`; a form may send the
    /// notation "at least 2/3" instead.
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: CodingKeys.self), c.contains(.fraction) {
            self.init(try c.decode(Fraction.self, forKey: .fraction), try c.decode(Rule.self, forKey: .rule))
            return
        }
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Threshold(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a threshold: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fraction, forKey: .fraction)
        try c.encode(rule, forKey: .rule)
    }
}
