import ArgumentParser
import Foundation

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
        print("fanout: \(connected) of \(members) live connections open" + (connected < members ? "; not opened: " + receivers.refusalSummary
                 + " (\(receivers.channels.withLockedValue { $0.count }) TCP connections made)" : ""))
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
        // A node that fell behind is still delivering: wait while deliveries still arrive (a
        // fixed pause counted late ones as lost), until 3 s pass with none.
        let expected = (total - failures) * connected
        var received = receivers.received.withLockedValue { $0 }
        var quietSince = ContinuousClock.now
        while received < expected, ContinuousClock.now - quietSince < .seconds(3) {
            try await Task.sleep(for: .milliseconds(100))
            let now = receivers.received.withLockedValue { $0 }
            if now > received { quietSince = .now }
            received = now
        }
        let summary = receivers.samples.withLockedValue { $0.summary }
        print(String(format: "fanout: %d members, %d messages at %d/s (%d failed): %d of %d deliveries (%.2f %%); send→receipt %@",
                     connected, total, rate, failures, received, expected, 100 * Double(received) / Double(max(expected, 1)), summary))
        receivers.closeAll()
        try await client.shutdown()
    }
}
