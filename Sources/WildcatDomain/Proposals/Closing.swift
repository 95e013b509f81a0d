import Crypto
import Foundation

/// When a proposal closes, and what closing it decides. The store only carries out the record:
/// it marks the proposal closed (exactly once), applies the steps and writes the record.
public enum Closing {
    /// A proposal closes at its deadline, or early once every member has voted.
    public static func isDue(closesAt: Date, now: Date, memberBallots: Int, members: Int) -> Bool {
        now >= closesAt || (members > 0 && memberBallots >= members)
    }

    /// A ballot as the store keeps it: `key` identifies it in a fixed order, `stored` is its
    /// stored text (both go into the tie-break seed, so anyone with the ballots can recount).
    public struct CastBallot: Sendable, Hashable {
        public let key: String
        public let stored: String
        public let ballot: Ballot

        public init(key: String, stored: String, ballot: Ballot) {
            self.key = key
            self.stored = stored
            self.ballot = ballot
        }
    }

    /// Everything closing decides, for the store to record.
    public struct Record: Sendable {
        public let tieSeed: UInt64
        public let result: TallyResult
        public let decision: Decision
        /// What the effect changes, in order.
        public let steps: [EffectStep]
        public let audit: [AuditRecord]
        /// Announced in #general.
        public let post: SystemPost
    }

    /// Tallies the ballots, applies quorum, and decides what the effect does.
    /// `ballots` are in the order of their keys; `assembly` is the assembly at this moment.
    public static func close(_ proposal: Proposal, ballots: [CastBallot], assembly: AssemblySnapshot, at now: Date) throws(TallyError) -> Record {
        let seed = tieSeed(proposal: proposal.id, at: now, ballots: ballots)
        let result = try Tally.tally(proposal.draft.election(ballots: ballots.map(\.ballot), tieSeed: seed))
        let outcome = Decision.decide(result, quorum: proposal.draft.quorum, participants: ballots.count, members: assembly.memberCount)
        let resolution = proposal.draft.effect?.definition.resolve(
            EffectClosing(proposal: proposal.id, outcome: outcome, winners: result.winners, assembly: assembly)) ?? .nothing
        let decision = Decision(outcome: outcome, participants: ballots.count, members: assembly.memberCount,
                                quorumMet: outcome != .noQuorum, winners: result.winners, tie: result.tie, effect: resolution.outcome)
        let closed = AuditRecord(.proposalClosed(proposal: proposal.id, title: proposal.draft.title, outcome: outcome, winners: result.winners,
                                                 effect: resolution.outcome))
        return Record(tieSeed: seed, result: result, decision: decision, steps: resolution.steps, audit: [closed] + resolution.audit,
                      post: .proposalClosed(proposal: proposal.id, title: proposal.draft.title, outcome: outcome, winners: result.winners))
    }

    /// The draw's seed: a digest of the closing record (proposal, closing time in milliseconds,
    /// every ballot), so the draw cannot be chosen and anyone can reproduce it.
    public static func tieSeed(proposal: ID<Proposal>, at now: Date, ballots: [CastBallot]) -> UInt64 {
        var digest = SHA256()
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        digest.update(data: Data("\(proposal.rawValue)|\(millis)".utf8))
        for ballot in ballots { digest.update(data: Data("|\(ballot.key)=\(ballot.stored)".utf8)) }
        return Data(digest.finalize()).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
