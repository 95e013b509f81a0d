import Foundation
import Hummingbird
import WildcatDomain

struct ProposalJSON: ResponseEncodable {
    let id: String
    let author: String?
    let title: String
    let body: String
    let method: DecisionMethod
    let options: [String]
    let seats: Int
    let threshold: String
    let abstentionsCount: Bool
    let quorum: Quorum
    let secret: Bool
    let resultsLive: Bool
    /// What it does if it passes, in words, and as a fact.
    let effect: String?
    let effectSummary: EffectSummary?
    let createdAt: Date
    let closesAt: Date
    let closedAt: Date?
    let ballots: Int
    let decision: Decision?
    let result: TallyResult?
    let myBallot: Ballot?
    /// A council decision that goes to its assemblies for ratification once it passes.
    let forRatification: Bool
    let urgent: Bool
    /// Where that ratification stands: each assembly's answer.
    let ratification: Ratification?

    init(_ p: Proposal, rules: AssemblyRules, result: TallyResult?, myBallot: Ballot?) {
        id = p.id.rawValue
        author = p.author
        title = p.draft.title
        body = p.draft.body
        method = p.draft.method
        options = p.draft.options
        seats = p.draft.seats
        threshold = p.draft.threshold.description
        abstentionsCount = p.draft.abstentionsCount
        quorum = p.draft.quorum
        secret = p.draft.secret
        resultsLive = p.draft.resultsLive
        effectSummary = p.draft.effect?.definition.summary(rules: rules)
        effect = effectSummary.map(EffectWords.summary)
        createdAt = p.createdAt
        closesAt = p.draft.closesAt
        closedAt = p.closedAt
        ballots = p.ballotCount
        decision = p.decision
        self.result = result
        self.myBallot = myBallot
        forRatification = p.draft.forRatification == true
        urgent = p.draft.urgent == true
        ratification = p.ratification
    }
}

/// A stored ballot: the caller's, how many have voted, and whether it closed the proposal.
struct BallotAcceptedJSON: ResponseEncodable {
    let proposal: String
    let ballot: Ballot
    let ballots: Int
    let closed: Bool
}

struct ProposalCreatedJSON: ResponseEncodable {
    let proposal: ProposalJSON
    /// For a proposal to admit someone: their invite link, which works once it passes. Shown once.
    let admissionLink: String?
}
