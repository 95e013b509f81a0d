import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Recall at speed: an assembly of M members, all connected live, with a committee of delegates
/// who each have several pages open. For each delegate in turn the assembly passes a recall
/// (every member votes yes; the last vote closes it), and the time from sending that last vote to
/// each of the delegate's pages being told to reload (losing the committee) is measured.
struct RecallSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recall",
                                                    abstract: "Time from a recall vote passing to every page of the recalled delegate losing the committee.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed` (its members form the assembly).") var seed: String = "bench-seed.json"
    @Option(help: "Members connected live.") var members: Int = 1000
    @Option(help: "Delegates recalled, one after another.") var trials: Int = 20
    @Option(help: "Live pages each delegate has open.") var tabs: Int = 5
    @Option(help: "Concurrent voters.") var clients: Int = 32

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count >= members, members > trials + 1 else { throw ValidationError("the seed needs at least \(members) members, more than --trials + 1") }
        guard let components = URLComponents(string: url), let host = components.host else { throw ValidationError("bad --url") }
        let port = components.port ?? 80
        let client = makeClient(connections: 8)
        let api = API(client: client, url: url, assembly: seed.assembly)
        let voters = Array(seed.tokens)
        let proposer = voters[0]

        // A committee with a seat for each trial, filled by one election.
        let setUp = try await api.propose(proposer, ["title": "Strike committee", "method": "yesno", "closesInMinutes": 600,
                                                     "effect": ["committee": ["name": "Strike committee", "seats": trials, "mandate": "Run the strike"]]])
        try await everyoneVotes(voters, on: setUp, body: #"{"choice":"yes"}"#, host: host, port: port)
        guard let committee = try await api.get(proposer, "/assemblies/\(seed.assembly)/committees").first?["id"] as? String else {
            throw ValidationError("the committee was not set up")
        }
        var candidates: [(token: String, id: String, name: String)] = []
        for token in voters[1...(trials + 1)] {
            let me = try await api.me(token)
            candidates.append((token, me.id, me.name))
        }
        let names = candidates.map(\.name)
        let election = try await api.propose(proposer, ["title": "Elect the committee", "method": "stv", "options": names, "seats": trials,
                                                        "closesInMinutes": 600, "effect": ["elect": committee]])
        let ranking = String(decoding: try JSONSerialization.data(withJSONObject: ["ranking": names]), as: UTF8.self)
        try await everyoneVotes(voters, on: election, body: ranking, host: host, port: port)
        let delegates = Array(candidates.prefix(trials))

        // Everyone live; each delegate with several pages.
        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: voters[(trials + 1)..<members])
        let watcher = ResetWatcher()
        for (index, delegate) in delegates.enumerated() {
            for _ in 0..<tabs { await watcher.connect(url: url, token: delegate.token, delegate: index) }
        }
        let open = await receivers.waitForConnections(members - trials - 1, timeout: .seconds(120))
        let tabsOpen = await watcher.waitForConnections(trials * tabs, timeout: .seconds(60))
        print("recall: \(open + tabsOpen) live connections (\(tabsOpen) of them the delegates' pages)")
        try await Task.sleep(for: .seconds(1))

        var samples = Samples()
        var missing = 0
        for (index, delegate) in delegates.enumerated() {
            let recall = try await api.propose(proposer, ["title": "Recall \(delegate.name)", "method": "yesno", "closesInMinutes": 600,
                                                          "effect": ["recall": ["committee": committee, "member": delegate.id]]])
            // Every vote but the last, then the last alone: its sending is when the recall passes.
            try await everyoneVotes(Array(voters.dropLast()), on: recall, body: #"{"choice":"yes"}"#, host: host, port: port)
            let last = try await PlainHTTPConnection.connect(host: host, port: port)
            let passed = ContinuousClock.now
            let status = try await last.send(.POST, "/api/v1/assemblies/\(seed.assembly)/proposals/\(recall)/ballot", token: voters[voters.count - 1],
                                             body: #"{"choice":"yes"}"#)
            last.close()
            guard status == .ok else { throw ValidationError("the closing vote failed: \(status)") }
            let arrivals = await watcher.resets(of: index, expected: tabs, timeout: .seconds(10))
            missing += tabs - arrivals.count
            for arrival in arrivals { samples.add(arrival - passed) }
        }
        print("recall: \(trials) delegates recalled, \(members) members, \(tabs) pages each: \(samples.values.count) of \(trials * tabs) pages lost the committee"
              + " (\(missing) never told); last vote sent → page told: \(samples.summary)")
        receivers.closeAll()
        watcher.closeAll()
        try await client.shutdown()
    }

    /// Every given member votes, `clients` at a time; fails if any vote is refused.
    private func everyoneVotes(_ tokens: [String], on proposal: String, body: String, host: String, port: Int) async throws {
        let path = "/api/v1/assemblies/\(try SeedFile.read(seed).assembly)/proposals/\(proposal)/ballot"
        try await BallotCasting.cast(tokens.map { .init(path: path, token: $0, body: body) }, host: host, port: port, clients: clients)
    }
}

/// The few API calls the benchmark's set-up makes.
private struct API {
    let client: HTTPClient
    let url: String
    let assembly: String

    func propose(_ token: String, _ body: [String: Any]) async throws -> String {
        let made = try await call(.POST, "/assemblies/\(assembly)/proposals", token: token, body: body)
        guard let id = (made as? [String: Any]).flatMap({ $0["proposal"] as? [String: Any] })?["id"] as? String else {
            throw ValidationError("could not propose: \(made)")
        }
        return id
    }

    func get(_ token: String, _ path: String) async throws -> [[String: Any]] {
        try await call(.GET, path, token: token, body: nil) as? [[String: Any]] ?? []
    }

    func me(_ token: String) async throws -> (id: String, name: String) {
        guard let me = try await call(.GET, "/me", token: token, body: nil) as? [String: Any],
              let id = me["id"] as? String, let name = me["pseudonym"] as? String else { throw ValidationError("GET /me failed") }
        return (id, name)
    }

    private func call(_ method: HTTPMethod, _ path: String, token: String, body: [String: Any]?) async throws -> Any {
        var request = HTTPClientRequest(url: url + "/api/v1" + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let data = try await response.body.collect(upTo: 1 << 22)
        return try JSONSerialization.jsonObject(with: Data(buffer: data))
    }
}

/// The delegates' live pages: when each is told to reload (`{"type":"reset"}`).
final class ResetWatcher: Sendable {
    private let arrivals = NIOLockedValueBox<[Int: [ContinuousClock.Instant]]>([:])
    private let connected = NIOLockedValueBox(0)
    private let channels = NIOLockedValueBox<[any NIOCore.Channel]>([])

    func connect(url: String, token: String, delegate: Int) async {
        guard let components = URLComponents(string: url), let host = components.host else { return }
        let port = components.port ?? 80
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).channelInitializer { channel in
            let request = UpgradeRequest(host: "\(host):\(port)", path: "/live", cookie: "wc_session=\(token)")
            var key = [UInt8](repeating: 0, count: 16)
            for i in key.indices { key[i] = .random(in: 0...255) }
            let upgrader = NIOWebSocketClientUpgrader(
                requestKey: Data(key).base64EncodedString(), maxFrameSize: 1 << 20, automaticErrorHandling: true,
                upgradePipelineHandler: { channel, _ in
                    self.connected.withLockedValue { $0 += 1 }
                    return channel.pipeline.removeHandler(request).flatMap { channel.pipeline.addHandler(ResetFrames(watcher: self, delegate: delegate)) }
                })
            let configuration: NIOHTTPClientUpgradeSendableConfiguration = (upgraders: [upgrader], completionHandler: { _ in })
            return channel.pipeline.addHTTPClientHandlers(withClientUpgrade: configuration).flatMap {
                channel.pipeline.addHandler(request)
            }
        }
        if let channel = try? await bootstrap.connect(host: host, port: port).get() { channels.withLockedValue { $0.append(channel) } }
    }

    func record(delegate: Int) {
        let now = ContinuousClock.now
        arrivals.withLockedValue { $0[delegate, default: []].append(now) }
    }

    func waitForConnections(_ count: Int, timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, connected.withLockedValue({ $0 }) < count { try? await Task.sleep(for: .milliseconds(100)) }
        return connected.withLockedValue { $0 }
    }

    func resets(of delegate: Int, expected: Int, timeout: Duration) async -> [ContinuousClock.Instant] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, arrivals.withLockedValue({ $0[delegate]?.count ?? 0 }) < expected {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return arrivals.withLockedValue { $0[delegate] ?? [] }
    }

    func closeAll() {
        for channel in channels.withLockedValue({ $0 }) { channel.close(promise: nil) }
    }
}

/// Notes the first reset frame a delegate's page receives.
private final class ResetFrames: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    let watcher: ResetWatcher
    let delegate: Int
    // Touched only on the channel's event loop.
    private var told = false

    init(watcher: ResetWatcher, delegate: Int) {
        self.watcher = watcher
        self.delegate = delegate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard !told, frame.opcode == .text, String(buffer: frame.unmaskedData).contains(#""type":"reset""#) else { return }
        told = true
        watcher.record(delegate: delegate)
    }
}
