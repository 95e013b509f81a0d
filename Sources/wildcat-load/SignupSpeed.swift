import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import WildcatDomain
import WildcatStore

/// N supporters sign up on a public action page as browsers would: open the page (its cookie,
/// anti-forgery token and challenge), do the work its script does, send the form with a shift.
/// Then the database is read: every acknowledged sign-up must be there, none lost.
struct SignupSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signups",
                                                    abstract: "N supporters sign up on a public page with its proof of work; checks none was lost.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Tokens from `support-seed`.") var seed: String = "support-seed.json"
    @Option(help: "Supporters.") var supporters: Int = 1000
    @Option(help: "Sign-ups in flight.") var concurrency: Int = 16
    @Option(help: "The page's work, in leading zero bits (the server's --supporter-work-bits).") var bits: Int = 16
    @Option(help: "The server's data folder (SQLite), to count what was kept.") var data: String?
    @Option(help: "Or its PostgreSQL database.") var databaseURL: String?

    func run() async throws {
        let tokens = try JSONDecoder().decode(SupportSeed.Output.self, from: Data(contentsOf: URL(fileURLWithPath: seed)))
        let page = "\(url)/s/\(tokens.page)"
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        // A sign-up is acknowledged by its 303; following it would hide which answer came.
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let samples = NIOLockedValueBox(Samples())
        let acknowledged = NIOLockedValueBox(0)
        let failures = NIOLockedValueBox([String]())
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let n = next
                next += 1
                group.addTask {
                    let begin = ContinuousClock.now
                    let outcome = try await signUp(client, page: page, name: "Supporter \(n)", shiftIndex: n)
                    if outcome == nil {
                        samples.withLockedValue { $0.add(ContinuousClock.now - begin) }
                        acknowledged.withLockedValue { $0 += 1 }
                    } else {
                        failures.withLockedValue { $0.append(outcome!) }
                    }
                }
            }
            for _ in 0..<concurrency where next < supporters { add() }
            while try await group.next() != nil { if next < supporters { add() } }
        }
        let took = ContinuousClock.now - started
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        let failed = failures.withLockedValue { $0 }
        print(String(format: "signups: %d acknowledged of %d in %.1f s (%.0f a minute), %d refused; per sign-up (page, work, form) %@",
                     acknowledged.withLockedValue { $0 }, supporters, seconds, Double(acknowledged.withLockedValue { $0 }) / seconds * 60, failed.count,
                     samples.withLockedValue { $0.summary }))
        if let first = failed.first { print("signups: first refusal: \(first)") }
        let location: DatabaseLocation? = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? data.map { .sqlite(path: URL(fileURLWithPath: $0).appendingPathComponent("wildcat.sqlite").path) }
        try await client.shutdown()
        if let location {
            var logger = Logger(label: "wildcat-load")
            logger.logLevel = .error
            let kept = try await Store.withRunning(location, logger: logger) { store -> Int in
                guard let action = try await store.publicAction(token: tokens.page) else { return 0 }
                return try await store.supporterCount(of: action.id)
            }
            print("signups: the database holds \(kept) supporters for the action; \(kept == acknowledged.withLockedValue { $0 } ? "none lost" : "MISMATCH")")
            if kept != acknowledged.withLockedValue({ $0 }) { throw ExitCode(1) }
        }
    }

    /// nil when acknowledged (303), else why not.
    func signUp(_ client: HTTPClient, page: String, name: String, shiftIndex: Int) async throws -> String? {
        let opened = try await client.execute(HTTPClientRequest(url: page), timeout: .seconds(60))
        let html = String(buffer: try await opened.body.collect(upTo: 1 << 20))
        let cookie = opened.headers["set-cookie"].first.map { String($0.split(separator: ";")[0]) } ?? ""
        guard let csrf = html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1,
              let challenge = html.firstMatch(of: /name="challenge" value="([^"]+)"/)?.1 else { return "no form (status \(opened.status.code))" }
        let shifts = html.matches(of: /name="shifts\[\]" value="([^"]+)"/).map { String($0.1) }
        var nonce = 0
        while WorkProof.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(nonce)".utf8))) < bits { nonce += 1 }
        var fields = ["csrf": String(csrf), "challenge": String(challenge), "nonce": String(nonce), "name": name]
        if !shifts.isEmpty { fields["shifts[]"] = shifts[shiftIndex % shifts.count] }
        var request = HTTPClientRequest(url: page + "/sign-up")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: cookie)
        request.body = .bytes(ByteBuffer(string: fields.map { "\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        if response.status.code == 303 { return nil }
        let reason = body.firstMatch(of: /class="error" role="alert">([^<]+)/).map { String($0.1) } ?? ""
        return "\(response.status.code) \(reason)"
    }
}
