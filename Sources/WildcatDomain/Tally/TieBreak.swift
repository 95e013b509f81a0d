/// The last resort for ties no counting rule decides: a draw from a deterministic generator
/// (SplitMix64) seeded from the proposal's closing record, so that anyone can recount and get
/// the same draw. Candidates are put in a fixed order (by name) before each draw.
public struct TieBreak: Sendable {
    private var state: UInt64
    /// Whether any draw was made.
    public private(set) var used = false

    public init(seed: UInt64) { self.state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Draws one of `tied` (at least one).
    public mutating func draw(_ tied: [String]) -> String {
        let sorted = tied.sorted()
        guard sorted.count > 1 else { return sorted[0] }
        used = true
        // Rejection sampling keeps every candidate equally likely.
        let count = UInt64(sorted.count)
        let limit = UInt64.max - UInt64.max % count
        var value = next()
        while value >= limit { value = next() }
        return sorted[Int(value % count)]
    }
}
