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
        /// How many times it counts: 1, or in a council weighted by members, the members its
        /// delegate represents (see `Weights`).
        public let weight: Int

        public init(key: String, stored: String, ballot: Ballot, weight: Int = 1) {
            self.key = key
            self.stored = stored
            self.ballot = ballot
            self.weight = weight
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
        let result = try Tally.tally(proposal.draft.election(weighted: ballots.map { ($0.ballot, $0.weight) }, tieSeed: seed))
        let outcome = Decision.decide(result, quorum: proposal.draft.quorum, participants: ballots.count, members: assembly.memberCount)
        let resolution = proposal.draft.effect?.definition.resolve(
            EffectClosing(proposal: proposal.id, outcome: outcome, winners: result.winners, assembly: assembly)) ?? .nothing
        let decision = Decision(outcome: outcome, participants: ballots.count, members: assembly.memberCount,
                                quorumMet: outcome != .noQuorum, winners: result.winners, tie: result.tie, effect: resolution.outcome)
        var steps = resolution.steps
        // A council decision for ratification goes to its assemblies once it passes.
        if outcome == .passed, proposal.draft.forRatification == true { steps.append(.requestRatification) }
        let closed = AuditRecord(.proposalClosed(proposal: proposal.id, title: proposal.draft.title, outcome: outcome, winners: result.winners,
                                                 effect: resolution.outcome))
        return Record(tieSeed: seed, result: result, decision: decision, steps: steps, audit: [closed] + resolution.audit,
                      post: .proposalClosed(proposal: proposal.id, title: proposal.draft.title, outcome: outcome, winners: result.winners))
    }

    /// A council's ballot weights under `byMembers`: a delegate carries the members of the
    /// assembly that sent them, shared equally among its delegates. To stay in whole numbers,
    /// every weight is scaled by the least common multiple of the delegations' sizes.
    public enum Weights {
        public static func byMembers(_ delegations: [(members: Int, delegates: Int)]) -> [Int] {
            let scale = delegations.map(\.delegates).filter { $0 > 0 }.reduce(1) { lcm($0, $1) }
            return delegations.map { $0.delegates > 0 ? $0.members * (scale / $0.delegates) : 0 }
        }

        private static func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }
        private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    }

    /// The draw's seed: a digest of the closing record (proposal, closing time in milliseconds,
    /// every ballot), so the draw cannot be chosen and anyone can reproduce it.
    public static func tieSeed(proposal: ID<Proposal>, at now: Date, ballots: [CastBallot]) -> UInt64 {
        tieSeed(proposal: proposal, atMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), ballots: ballots)
    }

    /// The same from the closing time as a board states it (whole milliseconds, no rounding).
    public static func tieSeed(proposal: ID<Proposal>, atMillis millis: Int64, ballots: [CastBallot]) -> UInt64 {
        var digest = SHA256()
        digest.update(data: Data("\(proposal.rawValue)|\(millis)".utf8))
        for ballot in ballots { digest.update(data: Data("|\(ballot.key)=\(ballot.stored)".utf8)) }
        return Data(digest.finalize()).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
