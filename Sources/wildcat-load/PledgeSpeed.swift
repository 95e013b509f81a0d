import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import WildcatDomain
import WildcatStore

/// A pledge under load: M members pledge at once through the API; checked after, that the count
/// is exact, the threshold was reached, and the pledgers were revealed exactly once.
struct PledgeSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pledge",
                                                    abstract: "M members pledge at once: the time it takes, an exact count, one reveal.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Members who pledge (the threshold is this many people).") var members: Int = 10_000
    @Option(help: "Requests in flight.") var concurrency: Int = 64
    @Option(help: "The server's data folder (SQLite), to count the reveals recorded.") var data: String?
    @Option(help: "Or its PostgreSQL database.") var databaseURL: String?

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count > members else { throw ValidationError("the seed needs more than \(members) members") }
        let client = makeClient(connections: concurrency)
        let deadline = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86400))
        let made = try await call(client, .POST, "/api/v1/assemblies/\(seed.assembly)/pledges", token: seed.tokens[0],
                                  body: #"{"text":"Walk out on Friday","count":\#(members),"deadline":"\#(deadline)"}"#)
        guard let pledge = made["id"] as? String else { throw ValidationError("making the pledge failed: \(made)") }
        let samples = NIOLockedValueBox(Samples())
        let failures = NIOLockedValueBox(0)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 1
            func add() {
                let token = seed.tokens[next]
                next += 1
                group.addTask {
                    let begin = ContinuousClock.now
                    var request = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/pledges/\(pledge)/pledge")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    let response = try await client.execute(request, timeout: .seconds(60))
                    _ = try await response.body.collect(upTo: 1 << 20)
                    if response.status == .ok { samples.withLockedValue { $0.add(ContinuousClock.now - begin) } } else { failures.withLockedValue { $0 += 1 } }
                }
            }
            for _ in 0..<concurrency where next <= members { add() }
            while try await group.next() != nil { if next <= members { add() } }
        }
        let took = ContinuousClock.now - started
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        // As a pledger, then as the maker (who did not pledge).
        let pledger = try await call(client, .GET, "/api/v1/assemblies/\(seed.assembly)/pledges/\(pledge)", token: seed.tokens[1])
        let maker = try await call(client, .GET, "/api/v1/assemblies/\(seed.assembly)/pledges/\(pledge)", token: seed.tokens[0])
        print(String(format: "pledge: %d members pledged in %.1f s (%.0f pledges/s), %d failed; per pledge %@", members, seconds,
                     Double(members) / seconds, failures.withLockedValue { $0 }, samples.withLockedValue { $0.summary }))
        print("pledge: count \(pledger["pledged"] ?? "?") of \(members), state \(pledger["state"] ?? "?"); a pledger sees \((pledger["pledgers"] as? [Any])?.count ?? 0) names, the maker (not a pledger) sees \((maker["pledgers"] as? [Any])?.count ?? 0)")
        let location: DatabaseLocation? = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? data.map { .sqlite(path: URL(fileURLWithPath: $0).appendingPathComponent("wildcat.sqlite").path) }
        if let location {
            var logger = Logger(label: "wildcat-load")
            logger.logLevel = .error
            let reveals = try await Store.withRunning(location, logger: logger) {
                try await $0.pledgeReveals(ID(pledge))
            }
            print("pledge: the pledgers were revealed \(reveals) time(s)")
        }
        try await client.shutdown()
    }

    func call(_ client: HTTPClient, _ method: HTTPMethod, _ path: String, token: String, body: String? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        return (try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
    }
}
