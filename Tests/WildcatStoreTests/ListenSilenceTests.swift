import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Testing
@testable import WildcatStore

/// A node's listening connection whose server stops answering without closing it (a host gone,
/// a network cut) is taken for dead after `silence` and replaced. Simulated by stopping, with
/// SIGSTOP, the one PostgreSQL backend that serves the listening connection: its socket stays
/// open and nothing more comes through it.
@Suite(.serialized) struct ListenSilenceTests {
    private static let application = "wildcat_listen_test_\(UUID().uuidString.prefix(8).lowercased())"

    @Test(.enabled(if: Backend.available.contains(.postgres)))
    func aListeningConnectionThatFallsSilentIsReplacedAndHeartbeatsWakeNobody() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["WILDCAT_TEST_POSTGRES_URL"])
        var configuration = PostgresEngine.configuration(for: try PostgresAddress(url: url))
        configuration.options.additionalStartupParameters = [("application_name", Self.application)]
        let logger = Logger(label: "listen-test")
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let signal = PostgresEventSignal(heartbeat: .milliseconds(300), silence: .seconds(2))
        let wakeups = WakeupCounter(signal.wakeups())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await signal.run(client: client, logger: logger) }
            group.addTask { await wakeups.run() }
            defer { group.cancelAll() }

            let first = try await Self.listeningBackend(client, other: nil)
            // Heartbeats prove the connection alive without waking the live pages.
            try await Task.sleep(for: .milliseconds(300))
            let settled = wakeups.count
            try await Task.sleep(for: .seconds(1))
            #expect(wakeups.count == settled, "a heartbeat woke the node")

            #expect(try Self.signal("-STOP", first), "the tests need to signal PostgreSQL's backends")
            defer { _ = try? Self.signal("-CONT", first) }
            let second = try await Self.listeningBackend(client, other: first)
            #expect(second != first)
            // Listening again rang once (to catch up from the log); another node's event wakes it.
            let before = wakeups.count
            _ = try await client.query("SELECT pg_notify(\(PostgresEventSignal.channel), '')")
            for _ in 0..<100 where wakeups.count == before { try await Task.sleep(for: .milliseconds(50)) }
            #expect(wakeups.count > before, "the new listening connection heard nothing")
            #expect(try Self.signal("-CONT", first))
            _ = try await client.query("SELECT pg_terminate_backend(\(first))")
        }
    }

    /// The pid of the backend now listening for this test's client (not `other`), waiting up to 10 s.
    private static func listeningBackend(_ client: PostgresClient, other: Int32?) async throws -> Int32 {
        for _ in 0..<200 {
            let rows = try await client.query("""
                SELECT pid FROM pg_stat_activity WHERE application_name = \(application) AND query LIKE 'LISTEN%'
                  AND pid <> \(other ?? 0) AND state = 'idle'
                """)
            for try await pid in rows.decode(Int32.self) { return pid }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no connection listening after 10 s")
        throw CancellationError()
    }

    /// Whether `kill` could signal the process.
    private static func signal(_ name: String, _ pid: Int32) throws -> Bool {
        let kill = Process()
        kill.executableURL = URL(fileURLWithPath: "/bin/kill")
        kill.arguments = [name, String(pid)]
        try kill.run()
        kill.waitUntilExit()
        return kill.terminationStatus == 0
    }
}

/// Counts a signal's wakeups.
private final class WakeupCounter: Sendable {
    private let stream: AsyncStream<Void>
    private let counted = NIOLockedValueBox(0)

    init(_ stream: AsyncStream<Void>) { self.stream = stream }

    var count: Int { counted.withLockedValue { $0 } }

    func run() async {
        for await _ in stream { counted.withLockedValue { $0 += 1 } }
    }
}
