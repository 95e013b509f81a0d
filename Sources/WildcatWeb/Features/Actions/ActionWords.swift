import WildcatDomain

/// Actions in words.
enum ActionWords {
    static func kind(_ kind: Action.Kind) -> String {
        switch kind {
        case .strike: return "Strike"
        case .walkout: return "Walkout"
        case .picket: return "Picket"
        case .slowdown: return "Slowdown"
        case .massCall: return "Mass call to management"
        case .other: return "Other action"
        }
    }

    static func status(_ action: Action) -> String {
        switch action.status {
        case .drafted: return "drafted: the assembly has not called it"
        case .called: return action.isPublic ? "called, with a public page" : "called"
        case .cancelled: return "cancelled"
        }
    }
}
