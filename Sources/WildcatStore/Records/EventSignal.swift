/// How the live fan-out learns that events were committed. The store rings it after every
/// transaction that recorded events; a multi-node deployment can ring it from the database
/// (PostgreSQL LISTEN/NOTIFY) as well, without the chat code changing.
public protocol EventSignal: Sendable {
    /// Called after a transaction that recorded events has committed.
    func ring()
    /// Rings whenever `ring()` is called here (or, for a shared signal, on any node). One reader.
    func wakeups() -> AsyncStream<Void>
}

/// The in-process signal: rings coalesce while nobody is listening.
public final class LocalEventSignal: EventSignal {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func ring() { continuation.yield() }
    public func wakeups() -> AsyncStream<Void> { stream }
}
