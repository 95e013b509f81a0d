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
    /// What the proposal's effect did, if it carried one.
    public let effect: EffectOutcome?

    public init(outcome: Outcome, participants: Int, members: Int, quorumMet: Bool, winners: [String], tie: Bool, effect: EffectOutcome?) {
        self.outcome = outcome
        self.participants = participants
        self.members = members
        self.quorumMet = quorumMet
        self.winners = winners
        self.tie = tie
        self.effect = effect
    }

    /// The rule of decision: quorum first, then the method's own result.
    public static func decide(_ result: TallyResult, quorum: Quorum, participants: Int, members: Int) -> Outcome {
        guard quorum.isMet(participants: participants, members: members) else { return .noQuorum }
        if let passed = result.passed { return passed ? .passed : .failed }
        return .decided
    }
}
