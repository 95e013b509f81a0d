import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// Urgent alerts at speed: M members connected live; one member opens urgent votes one after
/// another; measured, from sending the request that opens each to its alert frame arriving on
/// every member's page.
struct AlertSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alert",
                                                    abstract: "Time from opening an urgent vote to its alert arriving on every connected member's page.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed --urgent`.") var seed: String = "bench-seed.json"
    @Option(help: "Live members.") var members: Int = 10_000
    @Option(help: "Urgent votes opened, one after another.") var trials: Int = 10

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count > members else { throw ValidationError("the seed needs more than \(members) members") }
        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: seed.tokens[1...members])
        let connected = await receivers.waitForConnections(members, timeout: .seconds(120))
        print("alert: \(connected) of \(members) live connections open")
        try await Task.sleep(for: .seconds(2))
        let client = makeClient(connections: 1)
        var missing = 0
        for trial in 0..<trials {
            let before = receivers.received.withLockedValue { $0 }
            receivers.alertSent.withLockedValue { $0 = ContinuousClock.now }
            var request = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/proposals")
            request.method = .POST
            // One urgent vote open per member at a time: each trial's is opened by another member.
            request.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[trial])")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
                "title": "Urgent \(trial)", "method": "yesno", "closesInMinutes": 120, "urgent": true,
            ])))
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .created else { throw ValidationError("opening the urgent vote failed: \(response.status)") }
            // Every page has it, or five seconds have passed.
            let deadline = ContinuousClock.now + .seconds(5)
            while receivers.received.withLockedValue({ $0 }) - before < connected, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            missing += connected - (receivers.received.withLockedValue { $0 } - before)
            receivers.alertSent.withLockedValue { $0 = nil }
            try await Task.sleep(for: .milliseconds(500))
        }
        let summary = receivers.samples.withLockedValue { $0.summary }
        print("alert: \(trials) urgent votes, \(connected) pages each: \(trials * connected - missing) of \(trials * connected) alerts arrived; request sent → alert on the page: \(summary)")
        receivers.closeAll()
        try await client.shutdown()
    }
}
