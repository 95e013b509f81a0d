import Foundation

/// Where "now" comes from. Rules never read the system clock: they take the time as an argument,
/// and whoever calls them asks a `WallClock`, which in tests is one the test advances.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func now() -> Date { read() }

    /// The system's clock.
    public static let system = WallClock { Date() }
}
