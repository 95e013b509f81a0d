import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// A push service in miniature: answers each endpoint as scripted, and keeps what it received.
final class ScriptedPushService: PushTransport, Sendable {
    enum Answer: Sendable { case status(Int), timeout }
    struct Received: Sendable {
        let endpoint: String
        let headers: [String: String]
        let body: [UInt8]
    }

    private let scripts: NIOLockedValueBox<[String: [Answer]]>
    private let log = NIOLockedValueBox<[Received]>([])

    init(_ scripts: [String: [Answer]]) { self.scripts = NIOLockedValueBox(scripts) }

    var received: [Received] { log.withLockedValue { $0 } }
    func received(at endpoint: String) -> [Received] { received.filter { $0.endpoint == endpoint } }

    func post(_ url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> Int {
        log.withLockedValue { $0.append(Received(endpoint: url, headers: Dictionary(headers, uniquingKeysWith: { $1 }), body: body)) }
        let answer = scripts.withLockedValue { scripts -> Answer in
            guard var queue = scripts[url], !queue.isEmpty else { return .status(201) }
            let next = queue.removeFirst()
            scripts[url] = queue
            return next
        }
        switch answer {
        case .status(let code): return code
        case .timeout: throw CancellationError()
        }
    }
}

/// A browser's side of a push subscription: its keys, and decryption as RFC 8291 describes it.
struct TestSubscriber {
    let key = P256.KeyAgreement.PrivateKey()
    let auth: [UInt8] = (0..<16).map { _ in UInt8.random(in: 0...255) }
    var p256dh: String { Base64URL.encode(Array(key.publicKey.x963Representation)) }

    func json(_ endpoint: String) -> String {
        #"{"endpoint":"\#(endpoint)","keys":{"p256dh":"\#(p256dh)","auth":"\#(Base64URL.encode(auth))"}}"#
    }

    func decrypt(_ body: [UInt8]) throws -> PushPayload {
        let salt = Array(body[0..<16])
        let keyLength = Int(body[20])
        let sender = Array(body[21..<(21 + keyLength)])
        let ciphertext = Array(body[(21 + keyLength)...])
        let shared = try key.sharedSecretFromKeyAgreement(with: try P256.KeyAgreement.PublicKey(x963Representation: sender))
        let info = Array("WebPush: info".utf8) + [0] + Array(key.publicKey.x963Representation) + sender
        let ikm = shared.withUnsafeBytes { HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: $0), salt: auth, info: info, outputByteCount: 32) }
        let cek = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        let box = try AES.GCM.SealedBox(nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }),
                                        ciphertext: ciphertext.dropLast(16), tag: ciphertext.suffix(16))
        var plain = Array(try AES.GCM.open(box, using: cek))
        #expect(plain.last == 2)
        plain.removeLast()
        return try JSONDecoder().decode(PushPayload.self, from: Data(plain))
    }
}

@Suite("Alerts")
struct AlertTests {
    static let ok = "https://push.example/ok", flaky = "https://push.example/flaky", slow = "https://push.example/slow",
               gone = "https://push.example/gone"

    @Test func pushAlertsAreEncryptedSentOnceRetriedOnFailureAndGoneSubscriptionsDeleted() async throws {
        let service = ScriptedPushService([Self.flaky: [.status(500)], Self.slow: [.timeout], Self.gone: [.status(410)]])
        let app = try await TestApp.make(pushTransport: service)
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            let assembly = String(path.dropFirst(3))
            // Rosa's four devices, subscribed from the page's script (JSON, with the token as a header).
            var devices: [String: TestSubscriber] = [:]
            let settings = try await rosa.get("/account/alerts")
            #expect(settings.status == .ok && settings.body.contains("data-vapid="))
            let token = try #require(rosa.lastCSRF)
            for endpoint in [Self.ok, Self.flaky, Self.slow, Self.gone] {
                let device = TestSubscriber()
                devices[endpoint] = device
                let made = try await rosa.send("/account/alerts/push", method: .post, body: ByteBuffer(string: device.json(endpoint)),
                                               contentType: "application/json", extraHeaders: [CSRF.headerName: token])
                #expect(made.status == .created)
            }
            // Bad subscriptions are refused and change nothing: not https, a key that is not a
            // P-256 point, no anti-forgery token.
            let plain = try await rosa.send("/account/alerts/push", method: .post, body: ByteBuffer(string: TestSubscriber().json("http://push.example/x")),
                                            contentType: "application/json", extraHeaders: [CSRF.headerName: token])
            #expect(plain.status == .unprocessableContent && plain.body.contains("https"))
            // Nor a host that is not a push service: the server would otherwise probe its own network.
            let inside = try await rosa.send("/account/alerts/push", method: .post, body: ByteBuffer(string: TestSubscriber().json("https://10.0.0.1/admin")),
                                             contentType: "application/json", extraHeaders: [CSRF.headerName: token])
            #expect(inside.status == .unprocessableContent && inside.body.contains("only to the browsers&#39; push services"))
            let badKey = #"{"endpoint":"https://push.example/bad","keys":{"p256dh":"AAAA","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}"#
            #expect(try await rosa.send("/account/alerts/push", method: .post, body: ByteBuffer(string: badKey), contentType: "application/json",
                                        extraHeaders: [CSRF.headerName: token]).status == .unprocessableContent)
            #expect(try await rosa.send("/account/alerts/push", method: .post, body: ByteBuffer(string: TestSubscriber().json("https://push.example/x")),
                                        contentType: "application/json").status == .forbidden)
            #expect(try await app.store.pushSubscriptions(of: ID(try #require(try await rosa.account(path)))).count == 4)
            // Everything from this assembly, by push.
            try await rosa.get("/account/alerts")
            let saved = try await rosa.post("/account/alerts", ["level[\(assembly)][push]": "everything", "digest": "none", "utcOffset": "0"])
            #expect(saved.status == .seeOther)
            // A bad level changes nothing.
            try await rosa.get("/account/alerts")
            #expect(try await rosa.post("/account/alerts", ["level[\(assembly)][push]": "loud"]).status == .unprocessableContent)

            try await lucy.get(path + "/p/new?method=yesno")
            let proposal = try #require(try await lucy.post(path + "/p", ["method": "yesno", "closes": "3d", "title": "Secret plan"]).location)
            // Sent by this drain or by the server's own sender, whichever leased them first.
            await app.sendAlerts()
            #expect(try await eventually { service.received.count == 4 })
            // Delivered to the working device: encrypted to it, saying nothing of the title.
            let first = try #require(service.received(at: Self.ok).first)
            #expect(first.headers["Content-Encoding"] == "aes128gcm" && first.headers["Urgency"] == "normal")
            #expect(first.headers["Authorization"]?.hasPrefix("vapid t=") == true)
            let payload = try #require(devices[Self.ok]).decrypt(first.body)
            #expect(payload.text == "New proposal in your assembly" && payload.link == "http://wildcat.test" + proposal)
            #expect(!String(decoding: first.body, as: UTF8.self).contains("Secret plan"))
            // The gone device is forgotten; the two failures wait for their retry.
            let rosaID = ID<Account>(try #require(try await rosa.account(path)))
            var remaining = 0
            for _ in 0..<100 {
                remaining = try await app.store.pushSubscriptions(of: rosaID).count
                if remaining == 3 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(remaining == 3)
            await app.sendAlerts()
            #expect(service.received.count == 4)
            app.clock.advance(by: 31)
            await app.sendAlerts()
            #expect(try await eventually { service.received.count == 6 })
            #expect(try devices[Self.flaky]!.decrypt(try #require(service.received(at: Self.flaky).last).body).text == "New proposal in your assembly")
            // Each device got it once; nothing more goes out.
            app.clock.advance(by: 3600)
            await app.sendAlerts()
            try await Task.sleep(for: .milliseconds(600))
            #expect(service.received(at: Self.ok).count == 1 && service.received(at: Self.flaky).count == 2)
            #expect(service.received(at: Self.slow).count == 2 && service.received(at: Self.gone).count == 1)
            #expect(try await app.store.queuedAlertCount() == 0)
            // Lucy chose nothing: she got no push (she has no device), and her page shows the defaults.
            #expect(try await lucy.get("/account/alerts").body.contains("No device gets push alerts yet."))
        }
    }

    @Test func aQueuedAlertIsSentOnceWhicheverSenderTakesIt() async throws {
        let service = ScriptedPushService([:])
        let app = try await TestApp.make(pushTransport: service)
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let assembly = String(path.dropFirst(3))
            let account = ID<Account>(try #require(try await rosa.account(path)))
            try await app.store.savePushSubscription(for: account, endpoint: Self.ok, p256dh: TestSubscriber().p256dh, auth: "AAAAAAAAAAAAAAAAAAAAAA",
                                                     now: app.clock.now)
            try await app.store.setAlertLevel(.everything, on: .push, in: ID(assembly), for: account)
            try await rosa.get(path + "/p/new?method=yesno")
            _ = try await rosa.post(path + "/p", ["method": "yesno", "closes": "3d", "title": "Vote"])
            // Queued in the proposal's transaction; a sender that starts afresh (as after a
            // restart) sends it, and whichever sender runs, it goes once.
            await app.sendAlerts()
            #expect(try await eventually { service.received.count == 1 })
            await app.sendAlerts()
            try await Task.sleep(for: .milliseconds(600))
            #expect(service.received.count == 1)
            #expect(try await app.store.queuedAlertCount() == 0)
        }
    }
}

/// Waits up to 5 s for `condition`: the server's own sender may be the one that sends.
func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<100 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

extension Browser {
    /// The signed-in account's id, as the assembly page gives it to its live script.
    func account(_ assemblyPath: String) async throws -> String? {
        let page = try await get(assemblyPath)
        return page.body.firstMatch(of: /data-me="([a-z0-9]+)"/).map { String($0.1) }
    }
}
