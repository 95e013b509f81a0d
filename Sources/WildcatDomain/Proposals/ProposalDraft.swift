import Foundation

/// A proposal as drafted: validated against the assembly's rules before it is stored; never
/// changed after.
public struct ProposalDraft: Sendable, Hashable, Codable {
    public static let titleLength = 1...140
    public static let bodyLength = 0...10_000
    public static let maxOptions = 50
    public static let optionLength = 1...100
    /// Deadlines from one minute to ninety days ahead.
    public static let deadlineRange: ClosedRange<TimeInterval> = 60...(90 * 86400)
    public static let dotBudgetRange = 1...100
    /// Single transferable vote elects fewer than its candidates.
    public static let seatsRange = 1...(maxOptions - 1)
    public static let quorumVotersRange = 0...1_000_000
    public static let closesInMinutesRange = 1...(90 * 24 * 60)

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
    /// A council's decision that takes effect only once enough of its assemblies ratify it
    /// (absent in drafts stored before councils).
    public var forRatification: Bool?
    /// An urgent proposal: the rules' urgent quorum and shortest deadline, and an alert to every
    /// member when it opens (absent in drafts stored before urgent proposals).
    public var urgent: Bool?

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

    /// Checks the draft against the assembly's rules; returns it with text trimmed.
    public func validated(rules: AssemblyRules, now: Date) throws(InputError) -> ProposalDraft {
        var draft = self
        draft.title = try FreeText.validate(title, field: "title", noun: "A title", length: Self.titleLength)
        draft.body = body.trimmingWhitespace()
        guard draft.body.count <= Self.bodyLength.upperBound, body.unicodeScalars.count <= Self.bodyLength.upperBound else { throw InputError(field: "body", "The text is at most \(Self.bodyLength.upperBound) characters.") }
        let interval = closesAt.timeIntervalSince(now)
        guard interval >= Self.deadlineRange.lowerBound else { throw InputError(field: "closesAt", "The deadline must be at least a minute from now.") }
        guard interval <= Self.deadlineRange.upperBound else { throw InputError(field: "closesAt", "The deadline is at most 90 days away.") }
        if method.choosesOptions {
            var seen = Set<String>()
            var cleaned: [String] = []
            for option in options {
                let text = try FreeText.validate(option, field: "options", noun: "An option", length: Self.optionLength)
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
        if method == .dot, !Self.dotBudgetRange.contains(dotBudget) {
            throw InputError(field: "dotBudget", "Each member has 1 to 100 dots.")
        }
        guard threshold.fraction.numerator <= threshold.fraction.denominator, threshold.fraction.numerator > 0 else {
            throw InputError(field: "threshold", "The threshold is a share between 0 and 1, such as 1/2 or 2/3.")
        }
        switch quorum {
        case .share(let share): guard share.numerator <= share.denominator else { throw InputError(field: "quorum", "A quorum cannot exceed all members.") }
        case .voters(let n): guard n >= 0 else { throw InputError(field: "quorum", "A quorum cannot be negative.") }
        }
        // A secret ballot's results come at close only (see `ResultVisibility`).
        if secret { draft.resultsLive = false }
        draft.effect = try effect?.validated(for: draft, rules: rules)
        return draft
    }

    /// The election this draft describes, over these ballots.
    public func election(ballots: [Ballot], tieSeed: UInt64 = 0) -> Election {
        election(weighted: ballots.map { ($0, 1) }, tieSeed: tieSeed)
    }

    /// The election over ballots that count `weight` times each (a council's delegates may carry
    /// the members they represent).
    public func election(weighted ballots: [(Ballot, Int)], tieSeed: UInt64 = 0) -> Election {
        var grouped: [Ballot: Int] = [:]
        for (ballot, weight) in ballots { grouped[ballot, default: 0] += weight }
        return Election(method: method, options: options, seats: seats, threshold: threshold,
                        abstentionsCount: abstentionsCount, dotBudget: dotBudget,
                        ballots: grouped.map { ($0.key, $0.value) }, tieSeed: tieSeed)
    }
}
