import Foundation

/// What a council needs from its assemblies before a decision "for ratification" takes effect:
/// at least this share of its member assemblies, and of the members they represent, ratifying it
/// by their own votes.
public struct RatificationRule: Sendable, Hashable, Codable {
    public var assemblies: Fraction
    public var members: Fraction

    public init(assemblies: Fraction, members: Fraction) {
        self.assemblies = assemblies
        self.members = members
    }

    /// A majority of the assemblies, representing a majority of the members.
    public static let majority = RatificationRule(assemblies: Fraction(1, 2)!, members: Fraction(1, 2)!)
}

/// Where a decision sent for ratification stands: each member assembly's answer so far.
public struct Ratification: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case pending, ratified, rejected }

    public struct Answer: Sendable, Hashable, Codable {
        public let assembly: ID<Assembly>
        public let name: String
        /// The assembly's members when it was asked.
        public let members: Int
        /// nil while its vote is open; true when it ratified.
        public var ratified: Bool?
        /// Its ratification vote.
        public let proposal: ID<Proposal>

        public init(assembly: ID<Assembly>, name: String, members: Int, ratified: Bool?, proposal: ID<Proposal>) {
            self.assembly = assembly
            self.name = name
            self.members = members
            self.ratified = ratified
            self.proposal = proposal
        }
    }

    public var answers: [Answer]
    public var status: Status

    public init(answers: [Answer], status: Status = .pending) {
        self.answers = answers
        self.status = status
    }

    /// Decided as soon as it can be: ratified when the ratifying assemblies already reach both
    /// thresholds; rejected when they can no longer, even if every open vote ratified.
    public static func status(of answers: [Answer], rule: RatificationRule) -> Status {
        let total = answers.count, members = answers.reduce(0) { $0 + $1.members }
        let yes = answers.filter { $0.ratified == true }
        let possible = answers.filter { $0.ratified != false }
        func meets(_ group: [Answer]) -> Bool {
            Threshold(rule.assemblies, .atLeast).isMet(count: group.count, of: total)
                && Threshold(rule.members, .atLeast).isMet(count: group.reduce(0) { $0 + $1.members }, of: members)
        }
        if meets(yes) { return .ratified }
        if !meets(possible) { return .rejected }
        return .pending
    }
}

/// The vote the platform opens in each member assembly on a council decision sent for
/// ratification: yes or no, under the assembly's own threshold and quorum, for a week.
public enum Ratifying {
    public static let voteDays = 7

    public static func vote(on proposal: Proposal, council: Assembly, rules: AssemblyRules, now: Date) -> ProposalDraft {
        let body = "The council “\(council.name)” decided this and sent it to its assemblies: it takes effect only if enough of them ratify it by their own votes.\n\n"
            + (proposal.draft.body.isEmpty ? proposal.draft.title : proposal.draft.body)
        return ProposalDraft(title: "Ratify: \(proposal.draft.title)", body: String(body.prefix(ProposalDraft.bodyLength.upperBound)),
                             method: .yesno, options: [], seats: 1, threshold: rules.defaultThreshold, abstentionsCount: false,
                             quorum: rules.defaultQuorum, dotBudget: ProposalDraft.defaultDotBudget, secret: false, resultsLive: true,
                             closesAt: now + TimeInterval(voteDays * 86400),
                             effect: .ratifyDecision(RatifyDecision(council: council.id, councilName: council.name, proposal: proposal.id,
                                                                    title: proposal.draft.title)))
    }
}
