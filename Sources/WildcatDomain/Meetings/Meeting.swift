import Foundation

/// A meeting of an assembly: at a café before work, or a mass assembly. The place is free text
/// (a café is not a map pin). An assembly meeting's agenda items may be proposals to decide.
public struct Meeting: Sendable, Hashable {
    public let id: ID<Meeting>
    public let assemblyID: ID<Assembly>
    public var title: String
    public var starts: ZonedTime
    public var endsAt: Date
    public var place: String
    public var agenda: [AgendaItem]
    public var assemblyMeeting: Bool
    /// The member who writes the minutes.
    public var minutesBy: ID<Account>?
    public var minutes: String?
    /// The time poll it came from.
    public var fromPoll: ID<Proposal>?
    public var cancelledAt: Date?
    /// Who called it: they may cancel it.
    public var createdBy: ID<Account>?

    public init(id: ID<Meeting>, assemblyID: ID<Assembly>, title: String, starts: ZonedTime, endsAt: Date, place: String, agenda: [AgendaItem],
                assemblyMeeting: Bool, minutesBy: ID<Account>?, minutes: String?, fromPoll: ID<Proposal>?, cancelledAt: Date?, createdBy: ID<Account>? = nil) {
        self.createdBy = createdBy
        self.id = id
        self.assemblyID = assemblyID
        self.title = title
        self.starts = starts
        self.endsAt = endsAt
        self.place = place
        self.agenda = agenda
        self.assemblyMeeting = assemblyMeeting
        self.minutesBy = minutesBy
        self.minutes = minutes
        self.fromPoll = fromPoll
        self.cancelledAt = cancelledAt
    }

    /// Whether a member may still answer: not once it is cancelled or over.
    public func rsvpRefusal(now: Date) -> InputError? {
        if cancelledAt != nil { return InputError(field: "answer", "This meeting was cancelled: there is nothing to answer.") }
        if now >= endsAt { return InputError(field: "answer", "This meeting is over: answers are closed.") }
        return nil
    }

    /// Only whoever called the meeting cancels it, and only before it ends.
    public func cancelRefusal(by member: ID<Account>, now: Date) -> InputError? {
        guard createdBy == member else { return InputError(field: "meeting", "Only the member who called this meeting can cancel it.") }
        if now >= endsAt { return InputError(field: "meeting", "This meeting is over: it cannot be cancelled.") }
        return nil
    }

    /// Minutes are written by the member the meeting names, once it has begun.
    public func minutesRefusal(by member: ID<Account>, now: Date) -> InputError? {
        guard minutesBy == member else { return InputError(field: "minutes", "Only the member this meeting named writes its minutes.") }
        if cancelledAt != nil { return InputError(field: "minutes", "This meeting was cancelled: it has no minutes.") }
        if now < starts.instant { return InputError(field: "minutes", "Minutes are written once the meeting has begun.") }
        return nil
    }
}

/// One point of an agenda: words, or a proposal of the assembly to decide there.
public struct AgendaItem: Sendable, Hashable, Codable {
    public var text: String
    public var proposal: ID<Proposal>?

    public init(text: String, proposal: ID<Proposal>? = nil) {
        self.text = text
        self.proposal = proposal
    }
}

/// A member's answer to a meeting.
public enum RSVP: String, Sendable, Hashable, Codable, CaseIterable {
    case yes, maybe, no
}

/// The answers so far: counts for everyone, names for members.
public struct RSVPCount: Sendable, Hashable {
    public var yes: Int
    public var maybe: Int
    public var no: Int

    public init(yes: Int = 0, maybe: Int = 0, no: Int = 0) {
        self.yes = yes
        self.maybe = maybe
        self.no = no
    }
}
