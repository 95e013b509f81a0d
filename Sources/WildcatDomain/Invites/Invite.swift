import Foundation

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
        self.id = id
        self.assemblyID = assemblyID
        self.createdBy = createdBy
        self.maxUses = maxUses
        self.uses = uses
        self.expiresAt = expiresAt
        self.revoked = revoked
        self.createdAt = createdAt
        self.awaitingDecision = awaitingDecision
    }

    public func status(now: Date) -> InviteStatus {
        InviteStatus.of(maxUses: maxUses, uses: uses, expiresAt: expiresAt, revoked: revoked, awaitingDecision: awaitingDecision, now: now)
    }
}
