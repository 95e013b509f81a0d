import Foundation

/// How long an assembly keeps messages, from its rules.
public enum Retention {
    /// Messages created before this instant are past retention and must be deleted.
    public static func cutoff(now: Date, rules: AssemblyRules) -> Date {
        now.addingTimeInterval(-TimeInterval(rules.retentionDays) * 86400)
    }
}
