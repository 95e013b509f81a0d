import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import WildcatDomain
import WildcatStore

/// What the push service said to one push.
enum DeliveryResult: Sendable, Equatable {
    case delivered
    /// The subscription is gone (404 or 410): delete it.
    case gone
    /// Try again later (timeout, refused connection, 429, 5xx).
    case retry(String)
    /// Never worth retrying (the service refused the request itself).
    case failed(String)
}

/// Posts one HTTP request: the real one goes through AsyncHTTPClient; tests put a fake in.
protocol PushTransport: Sendable {
    /// The response status, or a thrown error when no response came.
    func post(_ url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> Int
}

struct HTTPPushTransport: PushTransport {
    let client: HTTPClient

    func post(_ url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
        // Drain (and bound) the body so the connection can be reused.
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}

/// Sends alerts by web push: the message encrypted to the browser (RFC 8291), signed for the
/// push service with the server's VAPID key (RFC 8292).
struct PushSender: Sendable {
    let vapid: VapidKey
    let transport: any PushTransport
    /// Prefixed to an alert's path so the notification opens the right page.
    let publicURL: String
    /// Checked again when sending: the list may have shrunk since the subscription was kept.
    let hosts: PushHosts
    var timeout: Duration = .seconds(10)

    func send(_ alert: QueuedAlert, to subscription: PushSubscription, now: Date) async -> DeliveryResult {
        guard let url = URL(string: subscription.endpoint), hosts.allows(url) else { return .failed("endpoint is not an https push service this server allows") }
        let payload = PushPayload(text: alert.text, link: publicURL + alert.link, tag: Self.topic(alert.key))
        let body: [UInt8]
        let authorization: String
        do {
            guard let key = Base64URL.decode(subscription.p256dh), let auth = Base64URL.decode(subscription.auth) else { return .failed("malformed subscription key") }
            body = try WebPushEncryption.encrypt(Array(try JSONEncoder().encode(payload)), userAgentPublicKey: key, authSecret: auth)
            authorization = try vapid.current.authorization(for: url, now: now)
        } catch {
            return .failed("cannot encrypt to this subscription: \(error)")
        }
        let headers = [
            ("Content-Encoding", "aes128gcm"), ("Content-Type", "application/octet-stream"),
            ("TTL", alert.kind.isUrgent ? "86400" : "604800"), ("Urgency", alert.kind.isUrgent ? "high" : "normal"),
            // A push sent twice (a crash between sending and recording it) replaces the first
            // while undelivered, rather than showing twice.
            ("Topic", Self.topic(alert.key)),
            ("Authorization", authorization),
        ]
        do {
            let status = try await transport.post(subscription.endpoint, headers: headers, body: body, timeout: timeout)
            switch status {
            case 200..<300: return .delivered
            case 404, 410: return .gone
            case 429, 500..<600: return .retry("push service answered \(status)")
            default: return .failed("push service answered \(status)")
            }
        } catch {
            return .retry("no answer from the push service: \(error)")
        }
    }

    /// At most 32 base64url characters (RFC 8030 §5.4): a hash of the alert's key.
    static func topic(_ key: String) -> String {
        String(Base64URL.encode(Array(SHA256.hash(data: Data(key.utf8)))).prefix(32))
    }
}

/// What the service worker receives (see static/sw.js).
struct PushPayload: Codable, Equatable {
    let text: String
    let link: String
    let tag: String
}
