/// How a failed delivery is retried: 30 s, then doubling, at most an hour apart, ten attempts
/// in all (about seven hours) before it is counted as failed and dropped.
public enum RetrySchedule {
    public static let maxAttempts = 10

    /// Seconds to wait after the `attempt`-th failure (1-based); nil when no attempt is left.
    public static func delay(afterAttempt attempt: Int) -> Int? {
        guard attempt >= 1, attempt < maxAttempts else { return nil }
        return min(30 << min(attempt - 1, 20), 3600)
    }
}
