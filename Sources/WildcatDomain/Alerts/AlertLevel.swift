/// How a member hears from an assembly on one channel.
public enum AlertLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Urgent votes, pledges reached, and every new proposal and decision.
    case everything
    /// Urgent votes and pledges reached only: the default.
    case urgent
    case nothing

    public func wants(_ kind: AlertKind) -> Bool {
        switch self {
        case .everything: return true
        case .urgent: return kind.isUrgent || kind.isReminder
        case .nothing: return false
        }
    }
}

/// Where alerts go besides the live banner on open pages (which every member gets).
public enum AlertChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case push
    case email
}

/// What an alert is about.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    case urgentVote
    /// A pledge the member made reached its threshold: only its pledgers are told.
    case pledgeReached
    case proposal
    case decision
    /// A meeting the member said they would come to (or might) begins within the hour.
    case meetingSoon
    /// A shift the member took begins within the hour.
    case shiftSoon

    /// Urgent alerts skip digests and, if the member lets them, quiet hours.
    public var isUrgent: Bool { self == .urgentVote || self == .pledgeReached }
    /// Reminders of what the member chose to attend: sent at the urgent level too, never held
    /// for a digest (a reminder after the meeting is useless), but they respect quiet hours.
    public var isReminder: Bool { self == .meetingSoon || self == .shiftSoon }
}
