import Foundation

/// A proposal and, once closed, its decision.
public struct Proposal: Sendable, Hashable {
    public let id: ID<Proposal>
    public let assemblyID: ID<Assembly>
    public let authorID: ID<Account>?
    public let author: String?
    public let draft: ProposalDraft
    public let createdAt: Date
    public let closedAt: Date?
    public let decision: Decision?
    /// Seeds the tie-break draw; fixed at closing from the closing record.
    public let tieSeed: UInt64?
    /// The discussion thread's first message in #general, if it still exists.
    public let threadMessageID: Int64?
    public let ballotCount: Int

    public init(id: ID<Proposal>, assemblyID: ID<Assembly>, authorID: ID<Account>?, author: String?, draft: ProposalDraft, createdAt: Date,
                closedAt: Date?, decision: Decision?, tieSeed: UInt64?, threadMessageID: Int64?, ballotCount: Int) {
        self.id = id
        self.assemblyID = assemblyID
        self.authorID = authorID
        self.author = author
        self.draft = draft
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.decision = decision
        self.tieSeed = tieSeed
        self.threadMessageID = threadMessageID
        self.ballotCount = ballotCount
    }

    public var isOpen: Bool { closedAt == nil }

    /// The election to count from these ballots.
    public func election(ballots: [Ballot]) -> Election {
        draft.election(ballots: ballots, tieSeed: tieSeed ?? 0)
    }
}
