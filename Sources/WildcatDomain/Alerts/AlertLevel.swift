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
        case .urgent: return kind.isUrgent
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

    /// Urgent alerts skip digests and, if the member lets them, quiet hours.
    public var isUrgent: Bool { self == .urgentVote || self == .pledgeReached }
}
