import ArgumentParser
import Foundation
import NIOConcurrencyHelpers
import NIOHTTP1

/// GETs one path as fast as C keep-alive connections allow, for D seconds: requests a second
/// and the latency of each (a public action page going viral, a calendar feed).
struct PageViews: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pageviews", abstract: "GET one path over C connections for D seconds: rate and latency.")

    @Option(help: "Server host.") var host: String = "127.0.0.1"
    @Option(help: "Server port.") var port: Int = 8080
    @Option(help: "The path to GET.") var path: String
    @Option(help: "Connections, each one request at a time.") var connections: Int = 64
    @Option(help: "Seconds.") var duration: Int = 20
    @Option(help: "A session token, sent as the page's cookie (for members' pages).") var session: String?

    func run() async throws {
        let samples = NIOLockedValueBox(Samples())
        let failures = NIOLockedValueBox(0)
        let bytes = NIOLockedValueBox(0)
        let end = ContinuousClock.now + .seconds(duration)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let connection = try await PlainHTTPConnection.connect(host: host, port: port)
                    defer { connection.close() }
                    var local = Samples(), failed = 0, size = 0
                    while ContinuousClock.now < end {
                        let begin = ContinuousClock.now
                        let (status, body) = try await connection.get(path, token: "", cookie: session.map { "wc_session=\($0)" })
                        if status == .ok { local.add(ContinuousClock.now - begin); size = body.count } else { failed += 1 }
                    }
                    samples.withLockedValue { $0.values += local.values }
                    failures.withLockedValue { $0 += failed }
                    bytes.withLockedValue { $0 = max($0, size) }
                }
            }
            try await group.waitForAll()
        }
        let took = ContinuousClock.now - started
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        let count = samples.withLockedValue { $0.values.count }
        print(String(format: "pageviews: %d in %.1f s = %.0f/s (%d bytes each), %d failed; %@", count, seconds, Double(count) / seconds,
                     bytes.withLockedValue { $0 }, failures.withLockedValue { $0 }, samples.withLockedValue { $0.summary }))
    }
}
