/// The decision methods an assembly can use.
public enum DecisionMethod: String, Sendable, Codable, CaseIterable {
    case yesno, consent, approval, score, dot, irv, schulze, stv, timepoll

    /// Methods that choose among options rather than pass or fail a motion.
    public var choosesOptions: Bool { self != .yesno && self != .consent }
}

/// A yes/no vote.
public enum YesNoChoice: String, Sendable, Codable, CaseIterable { case yes, no, abstain }

/// A position in a consent decision.
public enum ConsentPosition: String, Sendable, Codable, CaseIterable { case agree, abstain, disagree, block }

/// Availability for one slot of a time poll.
public enum Availability: String, Sendable, Codable, CaseIterable { case yes, ifNeedBe, no }

/// One voter's ballot, in the shape its method needs.
public enum Ballot: Sendable, Hashable {
    case yesNo(YesNoChoice)
    case consent(ConsentPosition)
    case approval(Set<String>)
    /// Option → score 0...5; options left out score 0.
    case score([String: Int])
    /// Option → dots; the total is limited by the election's dot budget.
    case dots([String: Int])
    /// Options from most to least preferred; may be partial.
    case ranking([String])
    /// Slot → availability; slots left out count as "no".
    case timePoll([String: Availability])
}

/// Everything a tally needs: the method and its parameters, and the ballots cast.
public struct Election: Sendable {
    public var method: DecisionMethod
    /// Options (candidates, time slots); empty for yes/no and consent.
    public var options: [String]
    /// Seats to fill (single transferable vote only).
    public var seats: Int
    /// Share of votes a motion needs (yes/no and consent).
    public var threshold: Threshold
    /// Whether abstentions count in the threshold's denominator (yes/no and consent).
    public var abstentionsCount: Bool
    /// Most dots a voter may place (dot voting).
    public var dotBudget: Int
    /// Ballots with how many voters cast each.
    public var ballots: [(ballot: Ballot, count: Int)]
    /// Seeds the deterministic draw that breaks ties no rule decides (see `TieBreak`).
    public var tieSeed: UInt64

    public init(method: DecisionMethod, options: [String] = [], seats: Int = 1,
                threshold: Threshold = Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: Bool = false,
                dotBudget: Int = 5, ballots: [(ballot: Ballot, count: Int)] = [], tieSeed: UInt64 = 0) {
        self.method = method
        self.options = options
        self.seats = seats
        self.threshold = threshold
        self.abstentionsCount = abstentionsCount
        self.dotBudget = dotBudget
        self.ballots = ballots
        self.tieSeed = tieSeed
    }

    /// Voters who took part (each ballot's count).
    public var participants: Int { ballots.reduce(0) { $0 + $1.count } }
}

/// Why an election cannot be tallied, or a ballot is not valid for it.
public struct TallyError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
