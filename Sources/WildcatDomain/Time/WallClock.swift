import Foundation

/// Where "now" comes from, and how to wait. Rules never read the system clock: they take the
/// time as an argument, and whoever calls them asks a `WallClock`, which in tests is one the test
/// advances (and whose waits pass at once).
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date
    private let wait: @Sendable (Duration) async -> Void

    public init(_ read: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }) {
        self.read = read
        self.wait = sleep
    }

    public func now() -> Date { read() }

    public func sleep(for duration: Duration) async { await wait(duration) }

    /// The system's clock.
    public static let system = WallClock { Date() }
}
