import Foundation
import NIOConcurrencyHelpers
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// A clock the test moves: deadlines and retention pass when the test says so, not by sleeping.
/// Each reading is a millisecond after the last, so events keep their order as in real time.
final class TestClock: Sendable {
    private let time: NIOLockedValueBox<Date>

    init(_ start: Date = Date()) { time = NIOLockedValueBox(start) }

    var now: Date {
        time.withLockedValue { time in
            time = time.addingTimeInterval(0.001)
            return time
        }
    }
    var wall: WallClock { WallClock { self.now } }

    func advance(by interval: TimeInterval) { time.withLockedValue { $0 = $0.addingTimeInterval(interval) } }
}

/// A Wildcat on a throwaway SQLite database, with cheap bcrypt, a test clock and optional tight
/// rate limits, built exactly as `wildcat serve` builds it.
struct TestApp: @unchecked Sendable {
    let store: Store
    let built: WildcatApplication.Built
    let clock: TestClock
    let directory: URL

    /// With `mail`, e-mail is configured against a relay at that port (tests point it at a closed
    /// one), its key in the test's folder.
    static func make(rateLimits: RateLimits = .standard, trustProxy: Bool = false, pushTransport: (any PushTransport)? = nil,
                     mailRelayPort: Int? = nil) async throws -> TestApp {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-web-\(UUID().uuidString)")
        var logger = Logger(label: "wildcat.test")
        logger.logLevel = .critical
        let store = try Store.open(.sqlite(path: directory.appendingPathComponent("db.sqlite").path), logger: logger)
        let clock = TestClock()
        var configuration = WebConfiguration(publicURL: "http://wildcat.test", bcryptCost: 4, trustProxy: trustProxy, rateLimits: rateLimits)
        configuration.alerts.pushHosts = PushHosts(adding: ["push.example"])
        if let port = mailRelayPort {
            configuration.alerts.smtp = SMTPRelay(url: "smtp://user:pass@127.0.0.1:\(port)", from: "wildcat@wildcat.test")
            configuration.alerts.mailKeyPath = directory.appendingPathComponent("mail.key").path
        }
        let built = try await WildcatApplication.build(store: store, configuration: configuration, clock: clock.wall, host: "127.0.0.1", port: 0,
                                                       logger: logger, pushTransport: pushTransport, onServerRunning: { _ in })
        return TestApp(store: store, built: built, clock: clock, directory: directory)
    }

    /// Runs `body` with a router-level test client (the store and the other services running),
    /// then removes the database.
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await built.application.test(.router, body)
    }

    /// What the closer does every second: closes proposals whose deadline has passed (by the test clock).
    func closeDueProposals() async throws {
        try await ProposalsService(environment: built.environment).closeDue()
        try await built.live.pump()
    }

    /// What the alert sender does four times a second: sends what the outbox holds that is due.
    @discardableResult
    func sendAlerts() async -> Int {
        let environment = built.environment
        return await AlertDispatcher(store: store, clock: environment.clock, push: environment.alerts.push, mail: environment.alerts.mail,
                                     logger: Logger(label: "wildcat.test")).drain()
    }

    func firstPersonLink() async throws -> String {
        let token = try #require(try await store.firstPersonInvite(now: clock.now, validFor: 3600))
        return "/join/\(token.value)"
    }
}

/// A browser in miniature: keeps cookies, and fills in the anti-forgery token of the last page.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastCSRF: String?
    var userAgent = "Mozilla/5.0 (Linux; Android 14) Firefox/130.0"
    /// Sent as X-Forwarded-For (used when the app trusts a proxy).
    var address: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(path, method: .get, body: nil)
    }

    /// Posts a form; `csrf` is added from the last page unless given (pass "" to omit it).
    @discardableResult
    func post(_ path: String, _ fields: [String: String] = [:], csrf: String? = nil, extraHeaders: HTTPFields = [:]) async throws -> Page {
        var fields = fields
        let token = csrf ?? lastCSRF ?? ""
        if !token.isEmpty { fields["csrf"] = token }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(path, method: .post, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded", extraHeaders: extraHeaders)
    }

    func send(_ path: String, method: HTTPRequest.Method, body: ByteBuffer?, contentType: String? = nil, extraHeaders: HTTPFields = [:]) async throws -> Page {
        var headers: HTTPFields = [.userAgent: userAgent]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = address }
        headers.append(contentsOf: extraHeaders)
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let text = String(buffer: response.body)
        if let match = text.firstMatch(of: /name="csrf" value="([^"]+)"/) { lastCSRF = String(match.1) }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Follows the join link and creates an account.
    func signUp(link: String, pseudonym: String, passphrase: String = "correct horse battery staple") async throws -> Page {
        try await get(link)
        return try await post(link, ["pseudonym": pseudonym, "passphrase": passphrase])
    }

    /// Founds an assembly and returns its path.
    func found(_ name: String) async throws -> String {
        try await get("/")
        let page = try await post("/assemblies", ["name": name])
        #expect(page.status == .seeOther)
        return try #require(page.location)
    }

    /// Makes an invite on the assembly page and returns its join path.
    func invite(_ assemblyPath: String, fields: [String: String] = ["forSeveral": "false"]) async throws -> String {
        try await get(assemblyPath)
        let page = try await post(assemblyPath + "/invites", fields)
        #expect(page.status == .ok)
        let link = try #require(page.body.firstMatch(of: /value="http:\/\/wildcat\.test(\/join\/[A-Za-z0-9_-]+)"/))
        return String(link.1)
    }
}
