import Foundation

extension Ballot: Codable {
    private enum Key: String, CodingKey { case choice, position, approve, scores, dots, ranking, slots }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if let v = try c.decodeIfPresent(YesNoChoice.self, forKey: .choice) { self = .yesNo(v) }
        else if let v = try c.decodeIfPresent(ConsentPosition.self, forKey: .position) { self = .consent(v) }
        else if let v = try c.decodeIfPresent([String].self, forKey: .approve) { self = .approval(Set(v)) }
        else if let v = try c.decodeIfPresent([String: Int].self, forKey: .scores) { self = .score(v) }
        else if let v = try c.decodeIfPresent([String: Int].self, forKey: .dots) { self = .dots(v) }
        else if let v = try c.decodeIfPresent([String].self, forKey: .ranking) { self = .ranking(v) }
        else if let v = try c.decodeIfPresent([String: Availability].self, forKey: .slots) { self = .timePoll(v) }
        else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a ballot")) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .yesNo(let v): try c.encode(v, forKey: .choice)
        case .consent(let v): try c.encode(v, forKey: .position)
        case .approval(let v): try c.encode(v.sorted(), forKey: .approve)
        case .score(let v): try c.encode(v, forKey: .scores)
        case .dots(let v): try c.encode(v, forKey: .dots)
        case .ranking(let v): try c.encode(v, forKey: .ranking)
        case .timePoll(let v): try c.encode(v, forKey: .slots)
        }
    }
}

/// What a passed proposal does, carried out at once by the platform.
public enum Effect: Sendable, Hashable, Codable {
    /// Replace one of the assembly's rules.
    case changeRules(AssemblyRules)
    case renameAssembly(String)
    /// Remove a member (their pseudonym is kept for the record).
    case removeMember(ID<Account>, pseudonym: String)
    /// Admit a person: a single-use invite made with the proposal works once it passes.
    case admitPerson(invite: ID<Invite>, description: String)

    /// One sentence for people. A rule change names every rule with its new value; see
    /// `summary(comparedTo:)` for only what differs from the rules in force.
    public var summary: String {
        switch self {
        case .changeRules(let rules):
            return "sets the assembly's rules: " + rules.described.map { "\($0.name) \($0.value)" }.joined(separator: "; ")
        case .renameAssembly(let name): return "renames the assembly to “\(name)”"
        case .removeMember(_, let pseudonym): return "removes \(pseudonym) from the assembly"
        case .admitPerson(_, let description): return "admits \(description)"
        }
    }

    /// Like `summary`, but a rule change names only the rules it changes, from what to what
    /// ("Messages are kept for 365 days → 30 days"). When nothing would change (the rules in
    /// force already say so), the full summary.
    public func summary(comparedTo current: AssemblyRules) -> String {
        guard case .changeRules(let rules) = self else { return summary }
        let changes = zip(current.described, rules.described).filter { $0.value != $1.value }
            .map { "\($1.name) \($0.value) → \($1.value)" }
        return changes.isEmpty ? summary : "changes the assembly's rules: " + changes.joined(separator: "; ")
    }
}

/// A proposal as drafted: validated against the assembly's rules before it is stored.
public struct ProposalDraft: Sendable, Hashable, Codable {
    public static let titleLength = 1...140
    public static let bodyLength = 0...10_000
    public static let maxOptions = 50
    /// Deadlines from one minute to ninety days ahead.
    public static let deadlineRange: ClosedRange<TimeInterval> = 60...(90 * 86400)

    public var title: String
    public var body: String
    public var method: DecisionMethod
    public var options: [String]
    public var seats: Int
    public var threshold: Threshold
    public var abstentionsCount: Bool
    public var quorum: Quorum
    public var dotBudget: Int
    public var secret: Bool
    public var resultsLive: Bool
    public var closesAt: Date
    public var effect: Effect?

    public init(title: String, body: String, method: DecisionMethod, options: [String], seats: Int, threshold: Threshold,
                abstentionsCount: Bool, quorum: Quorum, dotBudget: Int, secret: Bool, resultsLive: Bool, closesAt: Date, effect: Effect?) {
        self.title = title
        self.body = body
        self.method = method
        self.options = options
        self.seats = seats
        self.threshold = threshold
        self.abstentionsCount = abstentionsCount
        self.quorum = quorum
        self.dotBudget = dotBudget
        self.secret = secret
        self.resultsLive = resultsLive
        self.closesAt = closesAt
        self.effect = effect
    }

    /// Checks the draft; returns it with text trimmed.
    public func validated(now: Date) throws(InputError) -> ProposalDraft {
        var draft = self
        draft.title = try FreeText.validate(title, field: "title", noun: "A title", length: Self.titleLength)
        draft.body = body.trimmingWhitespace()
        guard draft.body.count <= Self.bodyLength.upperBound else { throw InputError(field: "body", "The text is at most \(Self.bodyLength.upperBound) characters.") }
        let interval = closesAt.timeIntervalSince(now)
        guard interval >= Self.deadlineRange.lowerBound else { throw InputError(field: "closesAt", "The deadline must be at least a minute from now.") }
        guard interval <= Self.deadlineRange.upperBound else { throw InputError(field: "closesAt", "The deadline is at most 90 days away.") }
        if method.choosesOptions {
            var seen = Set<String>()
            var cleaned: [String] = []
            for option in options {
                let text = try FreeText.validate(option, field: "options", noun: "An option", length: 1...100)
                guard seen.insert(text).inserted else { throw InputError(field: "options", "Each option must be different.") }
                cleaned.append(text)
            }
            guard cleaned.count >= 2 else { throw InputError(field: "options", "Give at least two options, one per line.") }
            guard cleaned.count <= Self.maxOptions else { throw InputError(field: "options", "At most \(Self.maxOptions) options.") }
            draft.options = cleaned
        } else {
            draft.options = []
        }
        if method == .stv {
            guard (1..<draft.options.count).contains(seats) else { throw InputError(field: "seats", "Seats must be fewer than the candidates.") }
        } else {
            draft.seats = 1
        }
        if method == .dot { guard (1...100).contains(dotBudget) else { throw InputError(field: "dotBudget", "Each member has 1 to 100 dots.") } }
        guard threshold.fraction.numerator <= threshold.fraction.denominator, threshold.fraction.numerator > 0 else {
            throw InputError(field: "threshold", "The threshold is a share between 0 and 1, such as 1/2 or 2/3.")
        }
        switch quorum {
        case .share(let share): guard share.numerator <= share.denominator else { throw InputError(field: "quorum", "A quorum cannot exceed all members.") }
        case .voters(let n): guard n >= 0 else { throw InputError(field: "quorum", "A quorum cannot be negative.") }
        }
        if effect != nil, method != .yesno && method != .consent {
            throw InputError(field: "effect", "Only a yes/no or consent decision can carry out an action.")
        }
        if case .changeRules(let rules) = effect { _ = try rules.validated() }
        if case .renameAssembly(let name) = effect { draft.effect = .renameAssembly(try AssemblyName(name).value) }
        if case .admitPerson(let invite, let description) = effect {
            let who = try FreeText.validate(description, field: "admitWho", noun: "A description of who to admit", length: 1...80)
            draft.effect = .admitPerson(invite: invite, description: who)
        }
        return draft
    }
}

/// How a closed proposal was decided.
public struct Decision: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable {
        /// A motion that met quorum and threshold.
        case passed
        /// A motion that met quorum but not its threshold (or was blocked).
        case failed
        /// An option vote that met quorum: see the winners.
        case decided
        /// Too few took part: nothing was decided.
        case noQuorum
    }

    public let outcome: Outcome
    public let participants: Int
    public let members: Int
    public let quorumMet: Bool
    public let winners: [String]
    public let tie: Bool
    /// The effect's result, when the proposal carried one and passed.
    public let effectApplied: String?

    public init(outcome: Outcome, participants: Int, members: Int, quorumMet: Bool, winners: [String], tie: Bool, effectApplied: String?) {
        self.outcome = outcome
        self.participants = participants
        self.members = members
        self.quorumMet = quorumMet
        self.winners = winners
        self.tie = tie
        self.effectApplied = effectApplied
    }

    /// The rule of decision: quorum first, then the method's own result.
    public static func decide(_ result: TallyResult, quorum: Quorum, participants: Int, members: Int) -> Outcome {
        guard quorum.isMet(participants: participants, members: members) else { return .noQuorum }
        if let passed = result.passed { return passed ? .passed : .failed }
        return .decided
    }
}

/// The deadline or the last member's vote closes a proposal.
public enum Closing {
    /// Whether a proposal should close now.
    public static func isDue(closesAt: Date, now: Date, ballots: Int, members: Int) -> Bool {
        now >= closesAt || (members > 0 && ballots >= members)
    }
}
