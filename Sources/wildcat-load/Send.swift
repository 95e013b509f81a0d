import ArgumentParser
import Foundation

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
