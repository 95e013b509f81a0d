import WildcatDomain

/// An assembly's rules in words, in a fixed order.
enum RuleWords {
    static func name(_ rule: AssemblyRules.Rule) -> String {
        switch rule {
        case .whoMayInvite: return "Who may invite"
        case .inviteExpiryHours: return "Invite links expire after"
        case .retentionDays: return "Messages are kept for"
        case .defaultQuorum: return "Default quorum"
        case .defaultThreshold: return "Default threshold"
        case .recallShare: return "A recall vote opens when a petition is signed by"
        case .urgent: return "Urgent votes"
        case .alertTitles: return "Alerts name"
        case .newcomersSeeHistory: return "Someone who joins reads"
        }
    }

    static func value(_ rule: AssemblyRules.Rule, in rules: AssemblyRules) -> String {
        switch rule {
        case .whoMayInvite: return rules.whoMayInvite == .anyMember ? "any member" : "only by a decision of the assembly"
        case .inviteExpiryHours: return hours(rules.inviteExpiryHours)
        case .retentionDays: return rules.retentionDays == 1 ? "1 day" : "\(rules.retentionDays) days"
        case .defaultQuorum: return rules.defaultQuorum.description
        case .defaultThreshold: return rules.defaultThreshold.description
        case .recallShare: return "\(rules.recallShare) of members"
        case .urgent: return urgent(rules.urgent)
        case .alertTitles: return rules.alertTitles ? "the proposal's title" : "only what happened, never a title"
        case .newcomersSeeHistory: return rules.newcomersSeeHistory ? "the messages from before they joined too" : "only the messages from when they joined"
        }
    }

    /// Every rule with its value.
    static func described(_ rules: AssemblyRules) -> [(name: String, value: String)] {
        AssemblyRules.Rule.allCases.map { (name($0), value($0, in: rules)) }
    }

    /// "Messages are kept for 90 days → 30 days; …": only what changes. When nothing would
    /// change, every rule with its new value.
    static func change(from old: AssemblyRules, to new: AssemblyRules) -> String {
        let changed = old.changes(to: new)
        guard !changed.isEmpty else { return described(new).map { "\($0.name) \($0.value)" }.joined(separator: "; ") }
        return changed.map { "\(name($0)) \(value($0, in: old)) → \(value($0, in: new))" }.joined(separator: "; ")
    }

    /// "not allowed", or "closing in 2 hours at the soonest, quorum 1/10 of members, opened by any member".
    static func urgent(_ rule: UrgentRule?) -> String {
        guard let rule else { return "not allowed" }
        let soonest = rule.shortestMinutes % 60 == 0 ? hours(rule.shortestMinutes / 60) : "\(rule.shortestMinutes) minutes"
        let opener = rule.whoMayOpen == .anyMember ? "any member" : "a delegate on one of the assembly's committees"
        return "closing in \(soonest) at the soonest, quorum \(rule.quorum), opened by \(opener); every member is alerted"
    }

    private static func hours(_ hours: Int) -> String {
        if hours % 24 == 0 {
            let days = hours / 24
            return days == 1 ? "1 day" : "\(days) days"
        }
        return hours == 1 ? "1 hour" : "\(hours) hours"
    }
}
