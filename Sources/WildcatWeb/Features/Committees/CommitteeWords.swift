import WildcatDomain

/// Committees in words.
enum CommitteeWords {
    static func seats(_ count: Int) -> String { count == 1 ? "1 seat" : "\(count) seats" }

    static func term(_ days: Int?) -> String {
        guard let days else { return "delegates serve until recalled" }
        return days == 1 ? "terms of 1 day" : "terms of \(days) days"
    }

    /// The rotation rule, if there is one.
    static func rotation(_ maxTerms: Int?) -> String? {
        maxTerms.map { $0 == 1 ? "one term per member" : "at most \($0) terms per member" }
    }
}
