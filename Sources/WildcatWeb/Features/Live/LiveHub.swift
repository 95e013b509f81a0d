import Foundation
import Logging
import NIOCore
import NIOWebSocket
import NIOConcurrencyHelpers
import ServiceLifecycle
import WildcatDomain
import WildcatStore

/// Delivers live events to connected pages. Events are read back from the store's event log in id
/// order (so what a page receives live is exactly what it would replay after a reconnect) and sent
/// to each connection entitled to them: members of the event's assembly, or the one member a
/// mention is for. Membership changes update who is entitled before later events are delivered.
/// A page whose session ends (signed out, revoked from another device, the account deleted) or
/// whose member leaves an assembly is closed at once, on every node: each hub reads the store's
/// revocations and departures as they commit.
public final class LiveHub: Sendable {
    /// One open page.
    public struct Connection: Sendable {
        public let id: Int
        /// Events up to this id are for the page to replay from the store; later ones come live.
        public let cursor: Int64
    }

    /// Where a page's frames go: held back while it replays what it missed, then written straight
    /// to its socket on the socket's own event loop (no task or async writer per frame: at 10,000
    /// pages, those hops were most of the fan-out's cost).
    private enum Delivery {
        case replaying([ByteBuffer])
        case live(any NIOCore.Channel)
    }

    private struct Subscriber {
        let account: ID<Account>
        let session: ID<Session>
        let channel: any NIOCore.Channel
        var delivery: Delivery
    }

    private struct State {
        var cursor: Int64 = 0
        /// The newest revocation acted on.
        var revocationCursor: Int64 = 0
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
        var byAssembly: [ID<Assembly>: Set<Int>] = [:]
        var byAccount: [ID<Account>: Set<Int>] = [:]
        var accountAssemblies: [ID<Account>: Set<ID<Assembly>>] = [:]
        /// Ids skipped by a read (committed out of order on PostgreSQL), still awaited until the deadline.
        var gaps: [Int64: ContinuousClock.Instant] = [:]
    }

    /// Frames a page may have waiting (replaying, or unwritable) before it is told to reconnect.
    static let bufferedFrames = 2000

    let store: Store
    let frames: LiveFrames
    let logger: Logger
    /// Told of every event before delivery, so caches of who belongs where, and of assemblies'
    /// names and rules, forget what changed, whichever node changed it.
    let observe: @Sendable (LiveEvent) -> Void
    /// Told of every ended session (or account), so caches forget it whichever node ended it.
    let revoked: @Sendable (Revocation) -> Void
    private let state = NIOLockedValueBox(State())
    /// Held by a pump and by a page connecting, so that the two never interleave.
    private let pumping = AsyncPool([()])

    init(store: Store, frames: LiveFrames, logger: Logger, observe: @escaping @Sendable (LiveEvent) -> Void = { _ in },
         revoked: @escaping @Sendable (Revocation) -> Void = { _ in }) {
        self.store = store
        self.frames = frames
        self.revoked = revoked
        self.logger = logger
        self.observe = observe
    }

    /// Starts from the newest event: nothing older is delivered live. Run before the server starts.
    func prepare() async throws {
        let latest = try await store.latestEventID()
        let revoked = try await store.latestRevocationID()
        state.withLockedValue {
            $0.cursor = latest
            $0.revocationCursor = revoked
        }
    }

    /// Registers a page of `account`. Memberships are read while no pump runs: every membership
    /// change after the returned cursor is then applied, in order, by the pumps that follow.
    public func connect(account: ID<Account>, session: ID<Session>, channel: any NIOCore.Channel) async throws -> Connection {
        try await pumping.withResource { _ in
            let assemblies = Set(try await store.visibleAssemblyIDs(of: account))
            return register(account: account, session: session, channel: channel, assemblies: assemblies)
        }
    }

    /// The page has replayed what it missed: frames held back meanwhile go out first, in order,
    /// then every later frame as it comes.
    public func goLive(_ id: Int) {
        state.withLockedValue { state in
            guard var subscriber = state.subscribers[id], case .replaying(let held) = subscriber.delivery else { return }
            subscriber.delivery = .live(subscriber.channel)
            state.subscribers[id] = subscriber
            let channel = subscriber.channel
            // Scheduled under the lock, so later deliveries (also scheduled on this event loop) follow.
            channel.eventLoop.execute {
                for frame in held { channel.write(WebSocketFrame(fin: true, opcode: .text, data: frame), promise: nil) }
                channel.flush()
            }
        }
    }

    private func register(account: ID<Account>, session: ID<Session>, channel: any NIOCore.Channel, assemblies: Set<ID<Assembly>>) -> Connection {
        return state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(account: account, session: session, channel: channel, delivery: .replaying([]))
            state.byAccount[account, default: []].insert(id)
            state.accountAssemblies[account, default: []].formUnion(assemblies)
            for assembly in state.accountAssemblies[account] ?? [] { state.byAssembly[assembly, default: []].insert(id) }
            return Connection(id: id, cursor: state.cursor)
        }
    }

    public func disconnect(_ id: Int) {
        state.withLockedValue { state in
            guard let subscriber = state.subscribers.removeValue(forKey: id) else { return }
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

    /// Pumps whenever the store rings (after a commit that recorded events), and once a second
    /// anyway, to catch events written by another process (the CLI) or another node.
    public func run() async throws {
        let events = store.events
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while (try? await Task.sleep(for: .seconds(1))) != nil { events.ring() }
            }
            group.addTask {
                for await _ in events.wakeups().cancelOnGracefulShutdown() {
                    do {
                        try await self.pump()
                    } catch {
                        self.logger.error("live fan-out could not read events", metadata: ["error": "\(error)"])
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
        state.withLockedValue { state in
            for subscriber in state.subscribers.values { Self.sendReset(subscriber.channel) }
        }
    }

    /// Tells a page to reconnect (it will catch up from its last event) and closes its socket.
    static func sendReset(_ channel: any NIOCore.Channel) {
        send(LiveFrames.reset, andClose: channel, code: .goingAway)
    }

    /// Writes a last frame, then closes the socket (the page learns why first).
    static func send(_ frame: String, andClose channel: any NIOCore.Channel, code: WebSocketErrorCode) {
        channel.eventLoop.execute {
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: frame)), promise: nil)
            var close = ByteBuffer()
            close.write(webSocketErrorCode: code)
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: close), promise: nil)
            channel.close(promise: nil)
        }
    }

    /// Closes the pages of ended sessions (or of every session of an account), at once.
    private func endSessions() async throws {
        let after = state.withLockedValue { $0.revocationCursor }
        let revocations = try await store.revocations(after: after)
        guard let last = revocations.last else { return }
        revocations.forEach(revoked)
        let closing: [any NIOCore.Channel] = state.withLockedValue { state in
            state.revocationCursor = max(state.revocationCursor, last.id)
            var closing: [any NIOCore.Channel] = []
            for revocation in revocations {
                for id in state.byAccount[revocation.account] ?? [] {
                    guard let subscriber = state.subscribers[id], revocation.session == nil || revocation.session == subscriber.session else { continue }
                    closing.append(subscriber.channel)
                }
            }
            return closing
        }
        for channel in closing { Self.send(LiveFrames.signedOut, andClose: channel, code: .policyViolation) }
    }

    /// Reads every event committed since the last pump and delivers it.
    func pump() async throws {
        try await pumping.withResource { _ in try await self.pumpLocked() }
    }

    private func pumpLocked() async throws {
        try await endSessions()
        while true {
            let (cursor, awaited) = state.withLockedValue { ($0.cursor, Array($0.gaps.keys)) }
            var events = try await store.events(after: cursor, limit: 1000)
            if !awaited.isEmpty {
                events += try await store.events(ids: awaited)
            }
            if events.isEmpty { return }
            events.forEach(observe)
            deliver(events.sorted { $0.id < $1.id }, after: cursor)
            if events.count < 1000 { return }
        }
    }

    func deliver(_ events: [LiveEvent], after cursor: Int64) {
        // An operational timer (how long to await a skipped id), not a rule: monotonic time.
        let now = ContinuousClock.now
        // Frames are made only for events someone connected may receive.
        let joining = Set(events.filter { if case .memberJoined = $0.payload { return true }; return false }.map(\.assemblyID))
        let wanted = state.withLockedValue { state in Set(state.byAssembly.filter { !$0.value.isEmpty }.keys).union(joining) }
        let encoded = events.map { ($0, wanted.contains($0.assemblyID) ? frames.frame(for: $0).map { ByteBuffer(string: $0) } : nil) }
        // Several events in one pump (a burst, or a hub catching up) go to each socket as one
        // write of several frames (one writev), not one write each.
        var writes = SocketWrites(coalescing: encoded.lazy.filter { $0.1 != nil }.count > 1)
        var dropped: [any NIOCore.Channel] = []
        state.withLockedValue { state in
            var expected = cursor + 1
            for (event, frame) in encoded {
                if event.id > cursor {
                    // Ids skipped here may belong to transactions that have not committed yet.
                    while expected < event.id {
                        state.gaps[expected] = now + .seconds(10)
                        expected += 1
                    }
                    expected = max(expected, event.id + 1)
                    state.cursor = max(state.cursor, event.id)
                }
                state.gaps[event.id] = nil
                apply(event, to: &state)
                // A member who left (or was removed) has their pages reload: the assembly's are gone.
                if case .memberLeft(let account) = event.payload {
                    dropped += (state.byAccount[account] ?? []).compactMap { state.subscribers[$0]?.channel }
                }
                // Pages reading an assembly whose readers changed reconnect, and learn again what they may hear.
                if case .observersChanged = event.payload {
                    dropped += (state.byAssembly[event.assemblyID] ?? []).compactMap { state.subscribers[$0]?.channel }
                }
                guard let frame else { continue }
                for id in recipients(of: event, in: state) {
                    guard var subscriber = state.subscribers[id] else { continue }
                    switch subscriber.delivery {
                    case .replaying(var held):
                        held.append(frame)
                        subscriber.delivery = .replaying(held)
                        state.subscribers[id] = subscriber
                        if held.count > Self.bufferedFrames { dropped.append(subscriber.channel) }
                    case .live(let channel):
                        // A page that cannot keep up is told to reconnect and catch up, rather
                        // than have frames pile up in memory or be skipped silently.
                        guard channel.isWritable else { dropped.append(channel); continue }
                        writes.add(frame, to: channel, subscriber: id)
                    }
                }
            }
            state.gaps = state.gaps.filter { $0.value > now }
        }
        writes.send()
        for channel in dropped { Self.sendReset(channel) }
    }

    /// Membership changes decide who receives the events after them.
    private func apply(_ event: LiveEvent, to state: inout State) {
        switch event.payload {
        case .memberJoined(let account):
            state.accountAssemblies[account]?.insert(event.assemblyID)
            state.byAssembly[event.assemblyID, default: []].formUnion(state.byAccount[account] ?? [])
        case .memberLeft(let account):
            state.accountAssemblies[account]?.remove(event.assemblyID)
            state.byAssembly[event.assemblyID]?.subtract(state.byAccount[account] ?? [])
        default:
            break
        }
    }

    private func recipients(of event: LiveEvent, in state: State) -> Set<Int> {
        let members = state.byAssembly[event.assemblyID] ?? []
        switch event.audience {
        case .members: return members
        case .member(_, let account): return members.intersection(state.byAccount[account] ?? [])
        case .some(_, let accounts):
            var connections = Set<Int>()
            for account in accounts { connections.formUnion(state.byAccount[account] ?? []) }
            return connections.intersection(members)
        }
    }
}

/// Runs the hub once the application is ready (its cursor is read after the migrations).
struct LiveHubService: Service {
    let hub: LiveHub
    let gate: StartGate

    func run() async throws {
        await gate.wait()
        try await hub.run()
    }
}
