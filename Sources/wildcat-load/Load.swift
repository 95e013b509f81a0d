import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import WildcatDomain
import WildcatStore

/// Load generator for Wildcat's chat. Run it against a release build; see bench/README.md.
@main
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wildcat-load",
        abstract: "Measure Wildcat: message throughput, live fan-out latency, memory per live connection, tally speed, vote storms.",
        subcommands: [Seed.self, Send.self, Fanout.self, Idle.self, TallySpeed.self, VoteStorm.self]
    )
}

/// What `seed` writes and the other commands read: one assembly, its general channel, and a
/// signed-in session token per member.
struct SeedFile: Codable {
    let assembly: String
    let channel: String
    let tokens: [String]

    static func read(_ path: String) throws -> SeedFile {
        try JSONDecoder().decode(SeedFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an assembly of N members with sessions, directly in a fresh database (server stopped).")

    @Option(help: "The server's data folder (SQLite).") var data: String = "data"
    @Option(help: "Or a PostgreSQL URL.") var databaseURL: String?
    @Option(help: "How many members.") var members: Int = 10_000
    @Option(help: "Where to write the seed file.") var out: String = "bench-seed.json"

    func run() async throws {
        var logger = Logger(label: "wildcat-load")
        logger.logLevel = .warning
        let location: DatabaseLocation = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("wildcat.sqlite").path)
        let store = try await Store.open(location, logger: logger)
        do {
            try await store.migrate()
            let now = Date()
            guard let first = try await store.firstPersonInvite(now: now, validFor: 3600) else {
                throw ValidationError("The database already has accounts: seed a fresh one.")
            }
            let hash = "$2b$04$abcdefghijklmnopqrstuu5Ss0JjqhBM1Jk0IsrxdS0pVjaRaxiCy" // no usable passphrase
            let founder = try await store.createAccount(inviteTokenHash: first.hash, pseudonym: try Pseudonym("load0"), passphraseHash: hash, now: now).0
            let assembly = try await store.createAssembly(name: try AssemblyName("Load test"), founder: founder.id, rules: .defaults, now: now)
            let (_, invite) = try await store.createInvite(assemblyID: assembly.id, by: .operator, terms: InviteTerms(maxUses: nil, expiresAt: now + 3600), now: now)
            let start = ContinuousClock.now
            let tokens = try await withThrowingTaskGroup(of: [String].self) { group in
                let workers = 32
                for worker in 0..<workers {
                    group.addTask {
                        var tokens: [String] = []
                        for i in stride(from: worker, to: members, by: workers) {
                            let account = i == 0 ? founder : try await store.createAccount(
                                inviteTokenHash: invite.hash, pseudonym: try Pseudonym("load\(i)"), passphraseHash: hash, now: now).0
                            let token = SecretToken.generate()
                            _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: "wildcat-load", now: now, expiresAt: now + 30 * 86400)
                            tokens.append(token.value)
                        }
                        return tokens
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let seed = SeedFile(assembly: assembly.id.rawValue, channel: assembly.id.rawValue + "g", tokens: tokens)
            try JSONEncoder().encode(seed).write(to: URL(fileURLWithPath: out))
            print("seeded \(tokens.count) members in \(ContinuousClock.now - start) into \(location); wrote \(out)")
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

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

func makeClient(connections: Int) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

func postMessage(_ client: HTTPClient, url: String, seed: SeedFile, token: String, body: String) async throws -> Bool {
    var request = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/channels/\(seed.channel)/messages")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    request.headers.add(name: "Content-Type", value: "application/json")
    let json = try JSONSerialization.data(withJSONObject: ["body": body])
    request.body = .bytes(ByteBuffer(bytes: json))
    let response = try await client.execute(request, timeout: .seconds(30))
    _ = try await response.body.collect(upTo: 1 << 20)
    return response.status == .created
}

struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "N members post into one channel as fast as they can for a fixed time.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Concurrent senders (each a different member).") var senders: Int = 64
    @Option(help: "Seconds to run.") var duration: Int = 20

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count >= senders else { throw ValidationError("the seed has only \(seed.tokens.count) members") }
        let client = makeClient(connections: senders)
        let deadline = ContinuousClock.now + .seconds(duration)
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: (Samples, Int).self) { group in
            for sender in 0..<senders {
                let token = seed.tokens[sender]
                group.addTask {
                    var samples = Samples()
                    var failed = 0
                    var n = 0
                    while ContinuousClock.now < deadline {
                        let begin = ContinuousClock.now
                        let ok = (try? await postMessage(client, url: url, seed: seed, token: token, body: "load \(sender)-\(n)")) ?? false
                        if ok { samples.add(ContinuousClock.now - begin) } else { failed += 1 }
                        n += 1
                    }
                    return (samples, failed)
                }
            }
            return try await group.reduce(into: (Samples(), 0)) { $0.0.values += $1.0.values; $0.1 += $1.1 }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try await client.shutdown()
        print(String(format: "send: %d senders, %.1f s: %d accepted (%.0f messages/s), %d failed; latency %@",
                     senders, seconds, results.0.values.count, Double(results.0.values.count) / seconds, results.1, results.0.summary))
    }
}

/// Live connections for members, counting message frames by their "bench N" nonce. Plain NIO
/// channel handlers, no task per connection: the client shares the machine's two cores with the
/// server and must cost far less than what it measures.
final class Receivers: Sendable {
    let sent = NIOLockedValueBox<[Int: ContinuousClock.Instant]>([:])
    let samples = NIOLockedValueBox(Samples())
    let received = NIOLockedValueBox(0)
    let connected = NIOLockedValueBox(0)
    let channels = NIOLockedValueBox<[any NIOCore.Channel]>([])

    func connect(url: String, token: String) async {
        guard let components = URLComponents(string: url), let host = components.host else { return }
        let port = components.port ?? 80
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                let request = UpgradeRequest(host: "\(host):\(port)", path: "/live", cookie: "wc_session=\(token)")
                var key = [UInt8](repeating: 0, count: 16)
                for i in key.indices { key[i] = .random(in: 0...255) }
                let upgrader = NIOWebSocketClientUpgrader(
                    requestKey: Data(key).base64EncodedString(), maxFrameSize: 1 << 20, automaticErrorHandling: true,
                    upgradePipelineHandler: { channel, _ in
                        self.connected.withLockedValue { $0 += 1 }
                        return channel.pipeline.addHandler(FrameCounter(receivers: self))
                    })
                let configuration: NIOHTTPClientUpgradeSendableConfiguration = (upgraders: [upgrader], completionHandler: { _ in })
                return channel.pipeline.addHTTPClientHandlers(withClientUpgrade: configuration).flatMap {
                    channel.pipeline.addHandler(request)
                }
            }
        if let channel = try? await bootstrap.connect(host: host, port: port).get() {
            channels.withLockedValue { $0.append(channel) }
        }
    }

    func record(_ buffer: ByteBuffer) {
        let now = ContinuousClock.now
        let nonce: Int? = buffer.withUnsafeReadableBytes { bytes -> Int? in
            let marker = Self.marker
            var start = 0
            var found = -1
            while start + marker.count <= bytes.count {
                if bytes[start] == marker[0] {
                    var k = 1
                    while k < marker.count, bytes[start + k] == marker[k] { k += 1 }
                    if k == marker.count { found = start; break }
                }
                start += 1
            }
            guard found >= 0 else { return nil }
            var index = found + marker.count
            var value = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            return value
        }
        guard let nonce else { return }
        if let sentAt = sent.withLockedValue({ $0[nonce] }) {
            samples.withLockedValue { $0.add(now - sentAt) }
            received.withLockedValue { $0 += 1 }
        }
    }

    static let marker = Array("bench ".utf8)

    func waitForConnections(_ count: Int, timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = connected.withLockedValue { $0 }
            if now >= count { return now }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return connected.withLockedValue { $0 }
    }

    func closeAll() {
        for channel in channels.withLockedValue({ $0 }) { channel.close(promise: nil) }
    }
}

/// Sends the WebSocket upgrade request once connected.
final class UpgradeRequest: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    let host: String
    let path: String
    let cookie: String

    init(host: String, path: String, cookie: String) {
        self.host = host
        self.path = path
        self.cookie = cookie
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Cookie", value: cookie)
        headers.add(name: "Content-Length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After the upgrade, frames pass through to the counter behind.
        context.fireChannelRead(data)
    }
}

/// Counts frames as they arrive.
final class FrameCounter: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    let receivers: Receivers

    init(receivers: Receivers) { self.receivers = receivers }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .text { receivers.record(frame.unmaskedData) }
    }
}

func connectAll(_ receivers: Receivers, url: String, tokens: ArraySlice<String>) async {
    await withTaskGroup(of: Void.self) { group in
        for (i, token) in tokens.enumerated() {
            group.addTask { await receivers.connect(url: url, token: token) }
            // Pace the handshakes so the listen backlog never overflows.
            if i % 100 == 99 { await group.waitForAll() }
        }
    }
}

struct Fanout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "M members connected live; one member posts at a fixed rate; time from send to receipt.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Live members.") var members: Int = 10_000
    @Option(help: "Messages per second from the sender.") var rate: Int = 10
    @Option(help: "Seconds of sending.") var duration: Int = 20

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count > members else { throw ValidationError("the seed needs more than \(members) members") }
        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: seed.tokens[1...members])
        let connected = await receivers.waitForConnections(members, timeout: .seconds(120))
        print("fanout: \(connected) of \(members) live connections open")
        try await Task.sleep(for: .seconds(2))
        let client = makeClient(connections: 4)
        let total = rate * duration
        let interval = Duration.milliseconds(1000 / rate)
        var next = ContinuousClock.now
        var failures = 0
        await withTaskGroup(of: Bool.self) { group in
            for n in 0..<total {
                try? await Task.sleep(until: next)
                next += interval
                receivers.sent.withLockedValue { $0[n] = ContinuousClock.now }
                group.addTask { (try? await postMessage(client, url: url, seed: seed, token: seed.tokens[0], body: "bench \(n)")) ?? false }
            }
            for await ok in group where !ok { failures += 1 }
        }
        try await Task.sleep(for: .seconds(3))
        let expected = (total - failures) * connected
        let received = receivers.received.withLockedValue { $0 }
        let summary = receivers.samples.withLockedValue { $0.summary }
        print(String(format: "fanout: %d members, %d messages at %d/s (%d failed): %d of %d deliveries (%.2f %%); send→receipt %@",
                     connected, total, rate, failures, received, expected, 100 * Double(received) / Double(max(expected, 1)), summary))
        receivers.closeAll()
        try await client.shutdown()
    }
}

struct Idle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open N idle live connections and report the server's memory per connection.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Live connections.") var members: Int = 10_000
    @Option(help: "The server's process id (same machine), to read its memory.") var pid: Int32

    func rss() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { throw ValidationError("cannot read VmRSS") }
        return kb
    }

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count >= members else { throw ValidationError("the seed has only \(seed.tokens.count) members") }
        let before = try rss()
        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: seed.tokens[0..<members])
        let connected = await receivers.waitForConnections(members, timeout: .seconds(120))
        try await Task.sleep(for: .seconds(5))
        let after = try rss()
        print(String(format: "idle: %d live connections; server RSS %d KB before, %d KB after: %.1f KB per connection",
                     connected, before, after, Double(after - before) / Double(max(connected, 1))))
        receivers.closeAll()
    }
}

struct TallySpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tally", abstract: "Time Schulze and STV counts over random ballots (one core, no server).")

    @Option(help: "Ballots.") var ballots: Int = 100_000
    @Option(help: "Seed for the random ballots.") var seed: UInt64 = 1

    func run() throws {
        var random = SplitMix(state: seed)
        func ballotsFor(_ options: [String]) -> [(ballot: Ballot, count: Int)] {
            (0..<ballots).map { _ in
                var order = options
                for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
                return (.ranking(Array(order.prefix(1 + Int(random.next() % UInt64(order.count))))), 1)
            }
        }
        let ten = (0..<10).map { "option\($0)" }
        let schulze = Election(method: .schulze, options: ten, ballots: ballotsFor(ten))
        var start = ContinuousClock.now
        let s = try Tally.tally(schulze)
        print("tally: Schulze, \(ballots) ballots × 10 options: \(ContinuousClock.now - start) (winner \(s.winners))")
        let twenty = (0..<20).map { "candidate\($0)" }
        let stv = Election(method: .stv, options: twenty, seats: 5, ballots: ballotsFor(twenty))
        start = ContinuousClock.now
        let t = try Tally.tally(stv)
        print("tally: STV, \(ballots) ballots, 20 candidates, 5 seats: \(ContinuousClock.now - start) (elected \(t.winners))")
    }
}

/// A small deterministic generator for reproducible random ballots.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct VoteStorm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vote", abstract: "Every seeded member casts a yes/no ballot over HTTP, N at a time.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Concurrent clients.") var clients: Int = 64

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        let client = makeClient(connections: clients)
        // The first member proposes; the deadline is far enough not to close during the storm.
        var create = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/proposals")
        create.method = .POST
        create.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[0])")
        create.headers.add(name: "Content-Type", value: "application/json")
        let closesAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86400))
        create.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["title": "Strike?", "method": "yesno", "closesAt": closesAt])))
        let made = try await client.execute(create, timeout: .seconds(30))
        let body = try await made.body.collect(upTo: 1 << 20)
        guard made.status == .created, let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
              let proposal = (object["proposal"] as? [String: Any])?["id"] as? String else { throw ValidationError("could not create the proposal: \(made.status)") }
        // Leave one member out, so the proposal stays open (the last vote would close it).
        let voters = Array(seed.tokens.dropLast())
        let next = NIOLockedValueBox(0)
        let start = ContinuousClock.now
        guard let components = URLComponents(string: url), let host = components.host else { throw ValidationError("bad --url") }
        let path = "/api/v1/assemblies/\(seed.assembly)/proposals/\(proposal)/ballot"
        let results = try await withThrowingTaskGroup(of: (Samples, Int).self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var samples = Samples()
                    var failed = 0
                    var connection = try await PlainHTTPConnection.connect(host: host, port: components.port ?? 80)
                    while true {
                        let index: Int = next.withLockedValue { let i = $0; $0 += 1; return i }
                        guard index < voters.count else { break }
                        let body = index % 3 == 0 ? #"{"choice":"no"}"# : #"{"choice":"yes"}"#
                        let begin = ContinuousClock.now
                        do {
                            let status = try await connection.send(.POST, path, token: voters[index], body: body)
                            if status == .ok { samples.add(ContinuousClock.now - begin) } else { failed += 1 }
                        } catch {
                            failed += 1
                            connection.close()
                            connection = try await PlainHTTPConnection.connect(host: host, port: components.port ?? 80)
                        }
                    }
                    connection.close()
                    return (samples, failed)
                }
            }
            return try await group.reduce(into: (Samples(), 0)) { $0.0.values += $1.0.values; $0.1 += $1.1 }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var check = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/proposals/\(proposal)")
        check.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[0])")
        let checked = try await client.execute(check, timeout: .seconds(60))
        let final = try JSONSerialization.jsonObject(with: Data(buffer: try await checked.body.collect(upTo: 1 << 24))) as? [String: Any]
        let counts = ((final?["result"] as? [String: Any])?["working"] as? [String: Any])?["counts"] as? [String: Int] ?? [:]
        let tallied = counts.values.reduce(0, +)
        try await client.shutdown()
        print(String(format: "vote: %d clients, %.1f s: %d ballots acknowledged (%.0f/s), %d failed; latency %@; the tally counts %d ballots (yes %d, no %d)%@",
                     clients, seconds, results.0.values.count, Double(results.0.values.count) / seconds, results.1, results.0.summary,
                     tallied, counts["yes"] ?? 0, counts["no"] ?? 0, tallied == results.0.values.count ? ", equal" : ", NOT EQUAL"))
        // A lost or double-counted ballot is a failed run, whatever the speed.
        if tallied != results.0.values.count { throw ExitCode(1) }
    }
}

/// One keep-alive HTTP/1.1 connection, one request at a time, on plain NIO: AsyncHTTPClient cost
/// about 0.2 ms of CPU per request, taken from the server it measures on the same two cores.
final class PlainHTTPConnection: Sendable {
    private let channel: any NIOCore.Channel
    private let handler: ResponseWaiter
    let host: String

    private init(channel: any NIOCore.Channel, handler: ResponseWaiter, host: String) {
        self.channel = channel
        self.handler = handler
        self.host = host
    }

    static func connect(host: String, port: Int) async throws -> PlainHTTPConnection {
        let handler = ResponseWaiter()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.pipeline.addHTTPClientHandlers().flatMap { channel.pipeline.addHandler(handler) }
            }
            .connect(host: host, port: port).get()
        return PlainHTTPConnection(channel: channel, handler: handler, host: "\(host):\(port)")
    }

    /// Sends one request and waits for the whole response: its status.
    func send(_ method: HTTPMethod, _ path: String, token: String, body: String) async throws -> HTTPResponseStatus {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Authorization", value: "Bearer \(token)")
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        let promise = channel.eventLoop.makePromise(of: HTTPResponseStatus.self)
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute {
            handler.pending = promise
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        return try await promise.futureResult.get()
    }

    func close() { channel.close(promise: nil) }
}

/// Completes the waiting request's promise when its response has fully arrived.
private final class ResponseWaiter: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    // Touched only on the channel's event loop.
    var pending: EventLoopPromise<HTTPResponseStatus>?
    private var status: HTTPResponseStatus = .ok

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body: break
        case .end:
            let promise = pending
            pending = nil
            promise?.succeed(status)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.fail(ChannelError.ioOnClosedChannel)
        pending = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        pending?.fail(error)
        pending = nil
        context.close(promise: nil)
    }
}
