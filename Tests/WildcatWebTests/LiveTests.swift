import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
import Prometheus
import Testing
import WildcatDomain
import WildcatStore
import WildcatUnicode
@testable import WildcatWeb

/// A member's browser tab in miniature: one WebSocket to /live, frames collected as they come.
final class LiveClient: Sendable {
    private let received = NIOLockedValueBox<[String]>([])
    private let task: Task<WebSocketCloseFrame?, any Error>
    private let outbound = NIOLockedValueBox<WebSocketOutboundWriter?>(nil)

    init(port: Int, token: String?, after: String? = nil, origin: String? = nil) {
        let received = self.received
        var headers: HTTPFields = [:]
        if let token { headers[.cookie] = "wc_session=\(token)" }
        if let origin { headers[.origin] = origin }
        let box = outbound
        var logger = Logger(label: "live-client")
        logger.logLevel = .critical
        task = Task {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/live" + (after.map { "?after=\($0)" } ?? ""),
                configuration: .init(maxFrameSize: 1 << 20, additionalHeaders: headers), logger: logger
            ) { inbound, outbound, _ in
                box.withLockedValue { $0 = outbound }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { received.withLockedValue { $0.append(text) } }
                }
            }
        }
    }

    /// The next frame as JSON, or nil if none arrives within the timeout.
    func next(timeout: Duration = .seconds(5)) async -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text: String? = received.withLockedValue { $0.isEmpty ? nil : $0.removeFirst() }
            if let text { return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// The next frame of a type, skipping others (membership events and the like).
    func next(type: String, timeout: Duration = .seconds(5)) async -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let frame = await next(timeout: deadline - ContinuousClock.now) else { return nil }
            if frame["type"] as? String == type { return frame }
        }
        return nil
    }

    /// Sends a frame once the socket is open (waiting up to five seconds for it).
    func send(_ frame: WebSocketOutboundWriter.OutboundFrame) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let writer = outbound.withLockedValue({ $0 }) { return try await writer.write(frame) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }

    /// How the server closed the socket.
    /// Waits for the server to close the socket; throws if it is still open after the timeout.
    func closed(timeout: Duration = .seconds(5)) async throws -> WebSocketCloseFrame? {
        let task = self.task
        return try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
            group.addTask { try await task.value }
            group.addTask {
                try await Task.sleep(for: timeout)
                // Awaiting a task's value ignores cancellation: stop the socket itself.
                task.cancel()
                throw StillOpen()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    struct StillOpen: Error {}

    func stop() { task.cancel() }
}

/// A running Wildcat on a random port, with members made directly in the store.
struct LiveApp: @unchecked Sendable {
    let store: Store
    let port: Int
    let client: any TestClientProtocol
    let cursors: LiveCursor
    let hub: LiveHub

    static func run(_ body: @Sendable (LiveApp) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "wildcat.live-test")
        logger.logLevel = .critical
        let store = try Store.open(.sqlite(path: directory.appendingPathComponent("db.sqlite").path), logger: logger)
        let configuration = WebConfiguration(publicURL: "http://127.0.0.1", bcryptCost: 4)
        let built = try await WildcatApplication.build(store: store, configuration: configuration, host: "127.0.0.1", port: 0, logger: logger)
        try await built.application.test(.live) { client in
            try await body(LiveApp(store: store, port: try #require(client.port), client: client, cursors: built.environment.live.frames.cursors, hub: built.live))
        }
    }

    /// A new account with a signed-in session; joins `assembly` if given (through an operator invite).
    func member(_ name: String, of assembly: ID<Assembly>? = nil) async throws -> (Account, token: String) {
        let now = Date()
        let invite: SecretToken
        if let assembly {
            invite = try await store.createInvite(assemblyID: assembly, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: now + 600), now: now).1
        } else if let first = try await store.firstPersonInvite(now: now, validFor: 600) {
            invite = first
        } else {
            // Further founders come in through a throwaway assembly's invite.
            let helper = try await store.assemblies(matching: "helper").first
            let holder = try #require(helper)
            invite = try await store.createInvite(assemblyID: holder.id, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: now + 600), now: now).1
        }
        let account = try await store.createAccount(inviteTokenHash: invite.hash, pseudonym: try DistinctPseudonym(try Pseudonym(name), spoofing: ICUSpoofing()), passphraseHash: "x", now: now).0
        let token = SecretToken.generate()
        _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: "test", now: now, expiresAt: now + 3600)
        return (account, token.value)
    }

    /// Another signed-in device of the same account.
    func signIn(_ account: Account) async throws -> (Session, token: String) {
        let token = SecretToken.generate()
        let now = Date()
        let session = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: "test", now: now, expiresAt: now + 3600)
        return (session, token.value)
    }

    /// Posts as `account` over the API, as a page would.
    func post(_ text: String, token: String, assembly: ID<Assembly>, root: String? = nil) async throws -> String {
        var body: [String: Any] = ["body": text]
        if let root { body["threadRoot"] = root }
        let response = try await client.execute(
            uri: "/api/v1/assemblies/\(assembly)/channels/\(assembly)g/messages", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        #expect(response.status == .created)
        return try #require((try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["id"] as? String)
    }
}

@Suite("Live", .serialized)
struct LiveTests {
    @Test func membersGetTheirAssemblysMessagesAndNobodyElseDoes() async throws {
        try await LiveApp.run { app in
            let (ann, annToken) = try await app.member("Ann")
            let store14 = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: Date())
            _ = try await app.store.createAssembly(name: try AssemblyName("helper"), founder: ann.id, rules: .defaults, now: Date())
            let (_, bobToken) = try await app.member("Bob", of: store14.id)
            let (carol, carolToken) = try await app.member("Carol")
            let janitors = try await app.store.createAssembly(name: try AssemblyName("Janitors"), founder: carol.id, rules: .defaults, now: Date())
            let annLive = LiveClient(port: app.port, token: annToken)
            let bobLive = LiveClient(port: app.port, token: bobToken)
            let carolLive = LiveClient(port: app.port, token: carolToken)
            defer { [annLive, bobLive, carolLive].forEach { $0.stop() } }
            try await Task.sleep(for: .milliseconds(300))

            let first = try await app.post("Strike at noon", token: annToken, assembly: store14.id)
            let sentinel = try await app.post("carol's own news", token: carolToken, assembly: janitors.id)
            for client in [annLive, bobLive] {
                let frame = try #require(await client.next(type: "message"))
                #expect((frame["message"] as? [String: Any])?["id"] as? String == first)
                #expect((frame["html"] as? String)?.contains("Strike at noon") == true)
            }
            // Carol's first message frame is her own assembly's, not Ann's.
            let carolFrame = try #require(await carolLive.next(type: "message"))
            #expect((carolFrame["message"] as? [String: Any])?["id"] as? String == sentinel)
            #expect(carolFrame["assembly"] as? String == janitors.id.rawValue)

            // Bob leaves while connected: from then on he receives nothing of Store 14.
            let (bob, _) = try #require(try await app.store.session(tokenHash: SecretToken.hash(bobToken), now: Date()))
            try await app.store.leave(store14.id, accountID: bob.accountID, now: Date())
            let after = try await app.post("after Bob left", token: annToken, assembly: store14.id)
            #expect((try #require(await annLive.next(type: "message"))["message"] as? [String: Any])?["id"] as? String == after)
            #expect(await bobLive.next(type: "message", timeout: .milliseconds(700)) == nil)
        }
    }

    @Test func anUrgentVoteAlertsEveryMembersOpenPagesWithoutItsTitle() async throws {
        try await LiveApp.run { app in
            let (ann, annToken) = try await app.member("Ann")
            var rules = AssemblyRules.defaults
            rules.urgent = .suggested
            let store14 = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: rules, now: Date())
            _ = try await app.store.createAssembly(name: try AssemblyName("helper"), founder: ann.id, rules: .defaults, now: Date())
            let (_, bobToken) = try await app.member("Bob", of: store14.id)
            let (_, carolToken) = try await app.member("Carol")
            let bobLive = LiveClient(port: app.port, token: bobToken)
            let carolLive = LiveClient(port: app.port, token: carolToken)
            defer { [bobLive, carolLive].forEach { $0.stop() } }
            try await Task.sleep(for: .milliseconds(300))
            let body: [String: Any] = ["title": "The manager fired Lucy", "method": "yesno", "closesInMinutes": 120, "urgent": true]
            let response = try await app.client.execute(
                uri: "/api/v1/assemblies/\(store14.id)/proposals", method: .post,
                headers: [.authorization: "Bearer \(annToken)", .contentType: "application/json"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            #expect(response.status == .created)
            let made = try #require((try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["proposal"] as? [String: Any])
            #expect(made["urgent"] as? Bool == true)
            let alert = try #require(await bobLive.next(type: "alert"))
            let data = try #require(alert["data"] as? [String: Any])
            #expect(data["kind"] as? String == "urgentVote" && data["text"] as? String == "New urgent vote in your assembly")
            #expect(data["link"] as? String == "/a/\(store14.id)/p/\(made["id"] as? String ?? "")")
            // The frame names no title; someone outside the assembly hears nothing.
            #expect(!(String(data: try JSONSerialization.data(withJSONObject: alert), encoding: .utf8) ?? "").contains("Lucy"))
            #expect(await carolLive.next(type: "alert", timeout: .milliseconds(700)) == nil)
            // An assembly that voted to let alerts name titles gets them.
            rules.alertTitles = true
            let open = try await app.store.createAssembly(name: try AssemblyName("Open shop"), founder: ann.id, rules: rules, now: Date())
            let danaToken = try await app.member("Dana", of: open.id).token
            let danaLive = LiveClient(port: app.port, token: danaToken)
            defer { danaLive.stop() }
            try await Task.sleep(for: .milliseconds(300))
            let titled: [String: Any] = ["title": "Stop the line at 3", "method": "yesno", "closesInMinutes": 120, "urgent": true]
            let made2 = try await app.client.execute(
                uri: "/api/v1/assemblies/\(open.id)/proposals", method: .post,
                headers: [.authorization: "Bearer \(annToken)", .contentType: "application/json"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: titled)))
            #expect(made2.status == .created)
            let named = try #require(await danaLive.next(type: "alert"))
            #expect((named["data"] as? [String: Any])?["text"] as? String == "New urgent vote: Stop the line at 3")
        }
    }

    @Test func aReconnectingPageCatchesUpWithoutGapsOrRepeats() async throws {
        try await LiveApp.run { app in
            let (ann, token) = try await app.member("Ann")
            let assembly = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: Date())
            let start = try await app.store.latestEventID()
            var posted: [String] = []
            for i in 0..<5 { posted.append(try await app.post("while away \(i)", token: token, assembly: assembly.id)) }
            let live = LiveClient(port: app.port, token: token, after: app.cursors.seal(start))
            defer { live.stop() }
            try await Task.sleep(for: .milliseconds(300))
            for i in 5..<8 { posted.append(try await app.post("live \(i)", token: token, assembly: assembly.id)) }
            var seen: [String] = []
            while let frame = await live.next(timeout: .seconds(2)) {
                // The log's ids are sealed: a frame's cursor counts nothing a page could read.
                #expect(frame["id"] == nil && (frame["cursor"] as? String)?.count ?? 0 > 20)
                if let message = frame["message"] as? [String: Any], let id = message["id"] as? String { seen.append(id) }
                if seen.count == posted.count { break }
            }
            #expect(seen == posted)
            // A page that was away longer than events are kept is told to reload.
            _ = try await app.store.purgeExpiredMessages(now: Date(), eventsKeptFor: -1)
            _ = try await app.post("after purge", token: token, assembly: assembly.id)
            let stale = LiveClient(port: app.port, token: token, after: app.cursors.seal(1))
            defer { stale.stop() }
            // Under the whole suite's load the handshake alone can take seconds: wait longer here.
            #expect(await stale.next(timeout: .seconds(15))?["type"] as? String == "reset")
        }
    }

    @Test func garbageAndHugeFramesCloseOnlyThatSocket() async throws {
        try await LiveApp.run { app in
            let (ann, token) = try await app.member("Ann")
            let assembly = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: Date())
            let garbage = LiveClient(port: app.port, token: token)
            let huge = LiveClient(port: app.port, token: token)
            let healthy = LiveClient(port: app.port, token: token)
            defer { [garbage, huge, healthy].forEach { $0.stop() } }
            try await Task.sleep(for: .milliseconds(300))
            try await garbage.send(.text("{\"subscribe\": \"everything\"}"))
            #expect(try await garbage.closed()?.closeCode == .policyViolation)
            try await huge.send(.text(String(repeating: "x", count: 64 * 1024)))
            #expect(try await huge.closed()?.closeCode == .messageTooLarge)
            try await healthy.send(.text("ping"))
            let id = try await app.post("still here", token: token, assembly: assembly.id)
            #expect((try #require(await healthy.next(type: "message"))["message"] as? [String: Any])?["id"] as? String == id)
        }
    }

    /// Waits until the hub holds `count` pages; false after the timeout.
    static func hub(_ hub: LiveHub, reaches count: Int, within timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while hub.connectionCount != count {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test func pagesThatLeaveAreForgotten() async throws {
        try await LiveApp.run { app in
            let (_, token) = try await app.member("Ann")
            let pages = (0..<3).map { _ in LiveClient(port: app.port, token: token) }
            #expect(try await Self.hub(app.hub, reaches: 3))
            pages.forEach { $0.stop() }
            #expect(try await Self.hub(app.hub, reaches: 0))
        }
    }

    @Test func upgradesNeedASessionAndTheSameOrigin() async throws {
        try await LiveApp.run { app in
            let (_, token) = try await app.member("Ann")
            await #expect(throws: (any Error).self) { _ = try await LiveClient(port: app.port, token: nil).closed() }
            await #expect(throws: (any Error).self) { _ = try await LiveClient(port: app.port, token: token, origin: "https://evil.example").closed() }
            let fine = LiveClient(port: app.port, token: token)
            defer { fine.stop() }
            try await fine.send(.text("ping"))
            // Not an upgrade: told to make one; nothing else happens.
            let plain = try await app.client.execute(uri: "/live", method: .get, headers: [.cookie: "wc_session=\(token)"])
            #expect(plain.status == .upgradeRequired)
            #expect(plain.headers[.upgrade] == "websocket")
        }
    }
}
