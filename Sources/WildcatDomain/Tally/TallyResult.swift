/// The outcome of a tally, with the working that decided it. Codable: a closed proposal keeps
/// the result it was counted with.
public struct TallyResult: Sendable, Codable, Hashable {
    public let method: DecisionMethod
    /// For yes/no and consent: whether the motion passed (quorum aside).
    public let passed: Bool?
    /// For option methods: who won, in order of election.
    public let winners: [String]
    /// All options from best to worst where the method orders them.
    public let ranking: [String]
    /// True when the deterministic draw decided something.
    public let tie: Bool
    public let working: Working

    /// How the result was reached, per method.
    public enum Working: Sendable, Encodable, Hashable {
        case motion(MotionWorking)
        case counts(CountsWorking)
        case rounds(RoundsWorking)
        case schulze(SchulzeWorking)
        case stv(STVWorking)
        case timePoll(TimePollWorking)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .motion(let w): try w.encode(to: encoder)
            case .counts(let w): try w.encode(to: encoder)
            case .rounds(let w): try w.encode(to: encoder)
            case .schulze(let w): try w.encode(to: encoder)
            case .stv(let w): try w.encode(to: encoder)
            case .timePoll(let w): try w.encode(to: encoder)
            }
        }

        /// The working has no tag of its own: the method says which shape it is.
        init(from decoder: any Decoder, method: DecisionMethod) throws {
            switch method {
            case .yesno, .consent: self = .motion(try MotionWorking(from: decoder))
            case .approval, .score, .dot: self = .counts(try CountsWorking(from: decoder))
            case .irv: self = .rounds(try RoundsWorking(from: decoder))
            case .schulze: self = .schulze(try SchulzeWorking(from: decoder))
            case .stv: self = .stv(try STVWorking(from: decoder))
            case .timepoll: self = .timePoll(try TimePollWorking(from: decoder))
            }
        }
    }

    private enum CodingKeys: String, CodingKey { case method, passed, winners, ranking, tie, working }

    public init(method: DecisionMethod, passed: Bool?, winners: [String], ranking: [String], tie: Bool, working: Working) {
        self.method = method
        self.passed = passed
        self.winners = winners
        self.ranking = ranking
        self.tie = tie
        self.working = working
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(DecisionMethod.self, forKey: .method)
        passed = try c.decodeIfPresent(Bool.self, forKey: .passed)
        winners = try c.decode([String].self, forKey: .winners)
        ranking = try c.decode([String].self, forKey: .ranking)
        tie = try c.decode(Bool.self, forKey: .tie)
        working = try Working(from: c.superDecoder(forKey: .working), method: method)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encodeIfPresent(passed, forKey: .passed)
        try c.encode(winners, forKey: .winners)
        try c.encode(ranking, forKey: .ranking)
        try c.encode(tie, forKey: .tie)
        try c.encode(working, forKey: .working)
    }
}

/// Yes/no and consent: the counts, the denominator and the threshold that decided.
public struct MotionWorking: Sendable, Codable, Hashable {
    public let counts: [String: Int]
    /// Votes the threshold was measured against.
    public let denominator: Int
    public let threshold: String
    /// Consent only: whether a block stopped it.
    public let blocked: Bool
}

/// Approval, score and dot voting: each option's total.
public struct CountsWorking: Sendable, Codable, Hashable {
    /// Approvals, score sums or dots per option.
    public let totals: [String: Int]
    /// Score only: each option's mean as an exact fraction "sum/ballots".
    public let means: [String: String]?
    public let ballots: Int
}

/// Instant runoff: the votes of each round and who was eliminated.
public struct RoundsWorking: Sendable, Codable, Hashable {
    public struct Round: Sendable, Codable, Hashable {
        public let votes: [String: Int]
        public let exhausted: Int
        public let eliminated: String?
    }

    public let rounds: [Round]
}

/// Schulze: pairwise preferences and the strongest paths.
public struct SchulzeWorking: Sendable, Codable, Hashable {
    public let options: [String]
    /// d[i][j]: voters preferring options[i] to options[j].
    public let pairwise: [[Int]]
    /// p[i][j]: strength of the strongest path from options[i] to options[j].
    public let strongestPaths: [[Int]]
}

/// Scottish STV: the quota and every stage, with values to five decimal places.
public struct STVWorking: Sendable, Codable, Hashable {
    public struct Stage: Sendable, Codable, Hashable {
        /// "first preferences", "surplus of X" or "exclusion of X".
        public let action: String
        public let totals: [String: String]
        public let nonTransferable: String
        public let elected: [String]
    }

    public let validVotes: Int
    public let quota: Int
    public let stages: [Stage]
}

/// Time poll: yes, if-need-be and no for each slot.
public struct TimePollWorking: Sendable, Codable, Hashable {
    public struct Slot: Sendable, Codable, Hashable {
        public let yes: Int
        public let ifNeedBe: Int
        public let no: Int
    }

    public let slots: [String: Slot]
}
