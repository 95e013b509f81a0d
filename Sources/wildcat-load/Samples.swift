import Foundation

/// Latency samples in milliseconds, summarised as percentiles.
struct Samples {
    var values: [Double] = []
    mutating func add(_ duration: Duration) {
        values.append(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
    }
    var summary: String {
        String(format: "p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms", percentile(50), percentile(95), percentile(99), values.max() ?? .nan)
    }
}
