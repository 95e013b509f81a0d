import Foundation

/// A typed identifier: random, opaque text, safe to show in URLs.
public struct ID<Entity>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A person's account on this instance: a pseudonym and nothing else that identifies them.
public struct Account: Sendable, Hashable {
    public let id: ID<Account>
    public let pseudonym: String
    public let createdAt: Date

    public init(id: ID<Account>, pseudonym: String, createdAt: Date) {
        self.id = id
        self.pseudonym = pseudonym
        self.createdAt = createdAt
    }
}

/// A signed-in device of an account.
public struct Session: Sendable, Hashable {
    public let id: ID<Session>
    public let accountID: ID<Account>
    /// A coarse label such as "Firefox on Android", so a person can tell devices apart.
    public let device: String
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date

    public init(id: ID<Session>, accountID: ID<Account>, device: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.id = id
        self.accountID = accountID
        self.device = device
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// The sovereign body of a group of workers.
public struct Assembly: Sendable, Hashable {
    public let id: ID<Assembly>
    public let name: String
    public let rules: AssemblyRules
    public let createdAt: Date

    public init(id: ID<Assembly>, name: String, rules: AssemblyRules, createdAt: Date) {
        self.id = id
        self.name = name
        self.rules = rules
        self.createdAt = createdAt
    }
}

/// A person in an assembly, as other members see them.
public struct Member: Sendable, Hashable {
    public let accountID: ID<Account>
    public let pseudonym: String
    public let joinedAt: Date
    /// The inviter's pseudonym; nil for the founder, the operator or a deleted account.
    public let invitedBy: String?
    public let invitedByOperator: Bool

    public init(accountID: ID<Account>, pseudonym: String, joinedAt: Date, invitedBy: String?, invitedByOperator: Bool) {
        self.accountID = accountID
        self.pseudonym = pseudonym
        self.joinedAt = joinedAt
        self.invitedBy = invitedBy
        self.invitedByOperator = invitedByOperator
    }
}

/// An invite link's record (the token itself is never stored, only its hash).
public struct Invite: Sendable, Hashable {
    public let id: ID<Invite>
    /// nil for the operator's invite to the instance (the first person's link).
    public let assemblyID: ID<Assembly>?
    public let createdBy: String?
    public let maxUses: Int?
    public let uses: Int
    public let expiresAt: Date
    public let revoked: Bool
    public let createdAt: Date
    /// A proposal to admit someone holds its invite until it passes.
    public let awaitingDecision: Bool

    public init(id: ID<Invite>, assemblyID: ID<Assembly>?, createdBy: String?, maxUses: Int?, uses: Int, expiresAt: Date, revoked: Bool, createdAt: Date,
                awaitingDecision: Bool = false) {
        self.awaitingDecision = awaitingDecision
        self.id = id
        self.assemblyID = assemblyID
        self.createdBy = createdBy
        self.maxUses = maxUses
        self.uses = uses
        self.expiresAt = expiresAt
        self.revoked = revoked
        self.createdAt = createdAt
    }

    public func status(now: Date) -> InviteStatus {
        InviteStatus.of(maxUses: maxUses, uses: uses, expiresAt: expiresAt, revoked: revoked, awaitingDecision: awaitingDecision, now: now)
    }
}

/// One line of an assembly's audit log.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int64
    public let at: Date
    public let kind: AuditKind
    /// The actor's pseudonym; nil when the operator acted or the account was deleted.
    public let actor: String?
    public let actorIsOperator: Bool
    public let subject: String?
    /// Kind-specific facts, e.g. an invite's terms or a new name.
    public let detail: [String: String]

    public init(id: Int64, at: Date, kind: AuditKind, actor: String?, actorIsOperator: Bool, subject: String?, detail: [String: String]) {
        self.id = id
        self.at = at
        self.kind = kind
        self.actor = actor
        self.actorIsOperator = actorIsOperator
        self.subject = subject
        self.detail = detail
    }
}

/// Outcomes the rules refuse; the web layer maps each to a status and a message.
public enum Refusal: Error, Sendable, Hashable {
    case pseudonymTaken
    case inviteNotUsable(InviteStatus)
    case inviteNotFound
    case notFound
    case alreadyMember
    case notPermitted(String)
    case wrongCredentials
    case notSignedIn
    case rateLimited(retryAfterSeconds: Int)
    case csrfRejected
    case bodyTooLarge
    /// A name that must be unique is already used; the text says which.
    case nameTaken(String)
    /// The proposal is closed, or its deadline has passed.
    case votingClosed
    /// A ballot that does not fit the proposal; the text says why.
    case invalidBallot(String)
}

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

extension ProposalDraft {
    /// The election this draft describes, over these ballots.
    public func election(ballots: [Ballot], tieSeed: UInt64 = 0) -> Election {
        var grouped: [Ballot: Int] = [:]
        for ballot in ballots { grouped[ballot, default: 0] += 1 }
        return Election(method: method, options: options, seats: seats, threshold: threshold,
                        abstentionsCount: abstentionsCount, dotBudget: dotBudget,
                        ballots: grouped.map { ($0.key, $0.value) }, tieSeed: tieSeed)
    }
}
