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
    public let threadMessage: ID<Message>?
    public let ballotCount: Int
    /// The tally as counted when it closed: a record, never counted again.
    public let result: TallyResult?
    /// The recall petition that opened it (the platform is its author).
    public let petition: ID<RecallPetition>?
    /// A council decision sent for ratification: each assembly's answer, and where it stands.
    public let ratification: Ratification?

    public init(id: ID<Proposal>, assemblyID: ID<Assembly>, authorID: ID<Account>?, author: String?, draft: ProposalDraft, createdAt: Date,
                closedAt: Date?, decision: Decision?, tieSeed: UInt64?, threadMessage: ID<Message>?, ballotCount: Int, result: TallyResult? = nil,
                petition: ID<RecallPetition>? = nil, ratification: Ratification? = nil) {
        self.id = id
        self.assemblyID = assemblyID
        self.authorID = authorID
        self.author = author
        self.draft = draft
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.decision = decision
        self.tieSeed = tieSeed
        self.threadMessage = threadMessage
        self.ballotCount = ballotCount
        self.result = result
        self.petition = petition
        self.ratification = ratification
    }

    public var isOpen: Bool { closedAt == nil }

    /// The election to count from these ballots.
    public func election(ballots: [Ballot]) -> Election {
        draft.election(ballots: ballots, tieSeed: tieSeed ?? 0)
    }
}
