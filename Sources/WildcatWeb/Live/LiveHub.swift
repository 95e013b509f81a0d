import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import WildcatDomain
import WildcatStore

/// How the fan-out learns that events were committed. In one process a write just rings the bell;
/// a multi-node deployment can ring it from the database (e.g. PostgreSQL LISTEN/NOTIFY) without
/// the chat code changing.
public protocol LiveSignal: Sendable {
    /// Called after a transaction that recorded events has committed.
    func committed()
    /// Rings whenever `committed()` is called here (or, for a shared signal, on any node).
    func wakeups() -> AsyncStream<Void>
}

/// The in-process signal.
public final class LocalSignal: LiveSignal {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func committed() { continuation.yield() }
    public func wakeups() -> AsyncStream<Void> { stream }
}

/// Delivers live events to connected pages. Events are read back from the store's event log in id
/// order (so what a page receives live is exactly what it would replay after a reconnect) and sent
/// to each connection entitled to them: members of the event's assembly, or the one member a
/// mention is for. Membership changes update who is entitled before later events are delivered.
public final class LiveHub: Service, Sendable {
    /// One open page.
    public struct Connection: Sendable {
        public let id: Int
        /// Events up to this id are for the page to replay from the store; later ones come live.
        public let cursor: Int64
        public let frames: AsyncStream<String>
    }

    private struct Subscriber {
        let account: ID<Account>
        let continuation: AsyncStream<String>.Continuation
    }

    private struct State {
        var cursor: Int64 = 0
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
        var byAssembly: [ID<Assembly>: Set<Int>] = [:]
        var byAccount: [ID<Account>: Set<Int>] = [:]
        var accountAssemblies: [ID<Account>: Set<ID<Assembly>>] = [:]
        /// Ids skipped by a read (committed out of order on PostgreSQL), still awaited until the deadline.
        var gaps: [Int64: Date] = [:]
    }

    /// Frames a slow page may fall behind before it is told to reload.
    static let bufferedFrames = 2000

    let store: Store
    let signal: any LiveSignal
    let frames: LiveFrames
    let logger: Logger
    /// Told of every departure, so caches of who belongs where forget it at once.
    let memberLeft: @Sendable (ID<Account>, ID<Assembly>) -> Void
    private let state = NIOLockedValueBox(State())
    /// Held by a pump and by a page connecting, so that the two never interleave.
    private let pumping = AsyncPool([()])

    public init(store: Store, signal: any LiveSignal, frames: LiveFrames, logger: Logger,
                memberLeft: @escaping @Sendable (ID<Account>, ID<Assembly>) -> Void = { _, _ in }) {
        self.store = store
        self.signal = signal
        self.frames = frames
        self.logger = logger
        self.memberLeft = memberLeft
    }

    /// Starts from the newest event: nothing older is delivered live.
    func prepare() async throws {
        let latest = try await store.latestEventID()
        state.withLockedValue { $0.cursor = latest }
    }

    public func committed() { signal.committed() }

    /// Registers a page of `account`. Memberships are read while no pump runs: every membership
    /// change after the returned cursor is then applied, in order, by the pumps that follow.
    public func connect(account: ID<Account>) async throws -> Connection {
        try await pumping.withResource { _ in
            let assemblies = Set(try await store.assemblyIDs(of: account))
            return register(account: account, assemblies: assemblies)
        }
    }

    private func register(account: ID<Account>, assemblies: Set<ID<Assembly>>) -> Connection {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(Self.bufferedFrames))
        return state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(account: account, continuation: continuation)
            state.byAccount[account, default: []].insert(id)
            state.accountAssemblies[account, default: []].formUnion(assemblies)
            for assembly in state.accountAssemblies[account] ?? [] { state.byAssembly[assembly, default: []].insert(id) }
            return Connection(id: id, cursor: state.cursor, frames: stream)
        }
    }

    public func disconnect(_ id: Int) {
        state.withLockedValue { state in
            guard let subscriber = state.subscribers.removeValue(forKey: id) else { return }
            subscriber.continuation.finish()
            state.byAccount[subscriber.account]?.remove(id)
            if state.byAccount[subscriber.account]?.isEmpty == true {
                state.byAccount[subscriber.account] = nil
                state.accountAssemblies[subscriber.account] = nil
            }
            for assembly in state.byAssembly.keys { state.byAssembly[assembly]?.remove(id) }
        }
    }

    /// Open connections, for metrics and tests.
    public var connectionCount: Int { state.withLockedValue { $0.subscribers.count } }

    public func run() async throws {
        let wakeups = signal.wakeups()
        // A slow tick catches events written by another process (the CLI) or a missed signal.
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                signal.committed()
            }
        }
        defer { ticker.cancel() }
        await cancelWhenGracefulShutdown {
            for await _ in wakeups {
                do {
                    try await self.pump()
                } catch {
                    self.logger.error("live fan-out could not read events", metadata: ["error": "\(error)"])
                }
            }
        }
        state.withLockedValue { state in
            for subscriber in state.subscribers.values { subscriber.continuation.finish() }
        }
    }

    /// Reads every event committed since the last pump and delivers it.
    func pump() async throws {
        try await pumping.withResource { _ in try await self.pumpLocked() }
    }

    private func pumpLocked() async throws {
        while true {
            let (cursor, awaited) = state.withLockedValue { ($0.cursor, Array($0.gaps.keys)) }
            var events = try await store.events(after: cursor, limit: 1000)
            if !awaited.isEmpty {
                events += try await store.events(ids: awaited)
            }
            if events.isEmpty { return }
            for event in events where event.kind == .memberLeft {
                if let account = event.accountID { memberLeft(account, event.assemblyID) }
            }
            deliver(events.sorted { $0.id < $1.id }, after: cursor)
            if events.count < 1000 { return }
        }
    }

    func deliver(_ events: [LiveEvent], after cursor: Int64) {
        let now = Date()
        // Frames are made only for events someone connected may receive.
        let joining = Set(events.filter { $0.kind == .memberJoined }.map(\.assemblyID))
        let wanted = state.withLockedValue { state in Set(state.byAssembly.filter { !$0.value.isEmpty }.keys).union(joining) }
        let encoded = events.map { ($0, wanted.contains($0.assemblyID) ? frames.frame(for: $0) : nil) }
        state.withLockedValue { state in
            var expected = cursor + 1
            for (event, frame) in encoded {
                if event.id > cursor {
                    // Ids skipped here may belong to transactions that have not committed yet.
                    while expected < event.id {
                        state.gaps[expected] = now.addingTimeInterval(10)
                        expected += 1
                    }
                    expected = max(expected, event.id + 1)
                    state.cursor = max(state.cursor, event.id)
                }
                state.gaps[event.id] = nil
                apply(event, to: &state)
                guard let frame else { continue }
                for id in recipients(of: event, in: state) {
                    guard let subscriber = state.subscribers[id] else { continue }
                    if case .dropped = subscriber.continuation.yield(frame) {
                        // Too far behind: tell the page to reload rather than silently skip events.
                        subscriber.continuation.finish()
                    }
                }
            }
            state.gaps = state.gaps.filter { $0.value > now }
        }
    }

    /// Membership changes decide who receives the events after them.
    private func apply(_ event: LiveEvent, to state: inout State) {
        guard let account = event.accountID else { return }
        let connections = state.byAccount[account] ?? []
        switch event.kind {
        case .memberJoined:
            state.accountAssemblies[account]?.insert(event.assemblyID)
            state.byAssembly[event.assemblyID, default: []].formUnion(connections)
        case .memberLeft:
            state.accountAssemblies[account]?.remove(event.assemblyID)
            state.byAssembly[event.assemblyID]?.subtract(connections)
        default:
            break
        }
    }

    private func recipients(of event: LiveEvent, in state: State) -> Set<Int> {
        let members = state.byAssembly[event.assemblyID] ?? []
        switch event.audience {
        case .members: return members
        case .member(_, let account): return members.intersection(state.byAccount[account] ?? [])
        }
    }
}
