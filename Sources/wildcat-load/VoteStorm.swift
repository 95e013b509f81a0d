import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import NIOConcurrencyHelpers
import NIOCore

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
                            let status: HTTPResponseStatus
                            do {
                                status = try await connection.send(.POST, path, token: voters[index], body: body)
                            } catch is NotSent {
                                // Closed after its last answer (a proxy's keep-alive limit): send again.
                                connection = try await PlainHTTPConnection.connect(host: host, port: components.port ?? 80)
                                status = try await connection.send(.POST, path, token: voters[index], body: body)
                            }
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
