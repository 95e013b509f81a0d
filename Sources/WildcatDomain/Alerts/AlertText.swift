/// What an alert says. Push services and mail servers are outside the members' control, so by
/// default an alert names no title and no person; the assembly may vote to include titles.
public enum AlertText {
    public static func text(_ kind: AlertKind, title: String?) -> String {
        switch (kind, title) {
        case (.urgentVote, nil): return "New urgent vote in your assembly"
        case (.urgentVote, let title?): return "New urgent vote: \(title)"
        case (.pledgeReached, nil): return "A pledge you made reached its threshold"
        case (.pledgeReached, let title?): return "Pledge reached: \(title)"
        case (.proposal, nil): return "New proposal in your assembly"
        case (.proposal, let title?): return "New proposal: \(title)"
        case (.decision, nil): return "A vote closed in your assembly"
        case (.decision, let title?): return "Vote closed: \(title)"
        case (.meetingSoon, nil): return "A meeting you answered begins within the hour"
        case (.meetingSoon, let title?): return "Within the hour: \(title)"
        case (.shiftSoon, nil): return "A shift you took begins within the hour"
        case (.shiftSoon, let title?): return "Your shift within the hour: \(title)"
        }
    }
}
