import Foundation

/// A collective action: a strike, a walkout, a picket. Drafted by a member, called by the
/// assembly's decision (or at once by a committee, under its mandate), and, if the assembly
/// decides so, published for supporters.
public struct Action: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case strike, walkout, picket, slowdown, massCall, other
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case drafted, called, cancelled
    }

    public let id: ID<Action>
    public let assemblyID: ID<Assembly>
    public var kind: Kind
    public var title: String
    public var starts: ZonedTime
    public var endsAt: Date
    public var place: String
    public var details: String
    public var status: Status
    /// What supporters read on the public page, and the "call management" script.
    public var publicText: String
    public var callNumber: String
    public var callPoints: String
    /// When the public page went up; nil if it never did, or was withdrawn.
    public var publishedAt: Date?
    public var withdrawnAt: Date?
    public var createdBy: ID<Account>?

    public init(id: ID<Action>, assemblyID: ID<Assembly>, kind: Kind, title: String, starts: ZonedTime, endsAt: Date, place: String, details: String,
                status: Status, publicText: String, callNumber: String, callPoints: String, publishedAt: Date?, withdrawnAt: Date?, createdBy: ID<Account>? = nil) {
        self.createdBy = createdBy
        self.id = id
        self.assemblyID = assemblyID
        self.kind = kind
        self.title = title
        self.starts = starts
        self.endsAt = endsAt
        self.place = place
        self.details = details
        self.status = status
        self.publicText = publicText
        self.callNumber = callNumber
        self.callPoints = callPoints
        self.publishedAt = publishedAt
        self.withdrawnAt = withdrawnAt
    }

    public var isPublic: Bool { publishedAt != nil && withdrawnAt == nil && status == .called }

    /// Dropping a draft is its author's; calling off a called action is the assembly's decision,
    /// except in a committee, which acts under its mandate.
    public func cancelRefusal(by member: ID<Account>, inCommittee: Bool) -> InputError? {
        switch status {
        case .cancelled: return InputError(field: "action", "This action is already cancelled.")
        case .drafted:
            return createdBy == member ? nil : InputError(field: "action", "Only the member who drafted this action can drop the draft.")
        case .called:
            return inCommittee ? nil : InputError(field: "action", "A called action is called off by the assembly's decision: propose that instead.")
        }
    }

    /// Publishing asks a decision about a called action with something to say to supporters.
    public var publishRefusal: InputError? {
        guard status == .called else { return InputError(field: "action", "Only a called action can be published: call it first.") }
        guard !isPublic else { return InputError(field: "action", "This action is already public.") }
        guard !publicText.isEmpty else { return InputError(field: "publicText", "Write what supporters should read before proposing to publish.") }
        return nil
    }
}
