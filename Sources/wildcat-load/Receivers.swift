import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Live connections for members, counting message frames by their "bench N" nonce. Plain NIO
/// channel handlers, no task per connection: the client shares the machine's two cores with the
/// server and must cost far less than what it measures.
final class Receivers: Sendable {
    let sent = NIOLockedValueBox<[Int: ContinuousClock.Instant]>([:])
    let samples = NIOLockedValueBox(Samples())
    let received = NIOLockedValueBox(0)
    let connected = NIOLockedValueBox(0)
    /// Why connections did not open, by reason (printed when some did not).
    let refusals = NIOLockedValueBox<[String: Int]>([:])
    let channels = NIOLockedValueBox<[any NIOCore.Channel]>([])
    /// When the alert being measured was asked for (`alert`): alert frames are timed from it.
    let alertSent = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    func connect(url: String, token: String) async {
        guard let components = URLComponents(string: url), let host = components.host else { return }
        let port = components.port ?? 80
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                let request = UpgradeRequest(host: "\(host):\(port)", path: "/live", cookie: "wc_session=\(token)", receivers: self)
                var key = [UInt8](repeating: 0, count: 16)
                for i in key.indices { key[i] = .random(in: 0...255) }
                let upgrader = NIOWebSocketClientUpgrader(
                    requestKey: Data(key).base64EncodedString(), maxFrameSize: 1 << 20, automaticErrorHandling: true,
                    upgradePipelineHandler: { channel, _ in
                        self.connected.withLockedValue { $0 += 1 }
                        // Frames go straight to the counter; the request's handler saw only HTTP.
                        return channel.pipeline.removeHandler(request).flatMap { channel.pipeline.addHandler(FrameCounter(receivers: self)) }
                    })
                let configuration: NIOHTTPClientUpgradeSendableConfiguration = (upgraders: [upgrader], completionHandler: { _ in })
                return channel.pipeline.addHTTPClientHandlers(withClientUpgrade: configuration).flatMap {
                    channel.pipeline.addHandler(request)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            channels.withLockedValue { $0.append(channel) }
        } catch {
            refused("connect: \(error)")
        }
    }

    func refused(_ reason: String) {
        refusals.withLockedValue { $0[reason, default: 0] += 1 }
    }

    /// "" when every connection opened, else why the others did not.
    var refusalSummary: String {
        refusals.withLockedValue { $0.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }.joined(separator: "; ") }
    }

    func record(_ buffer: ByteBuffer) {
        let now = ContinuousClock.now
        if let asked = alertSent.withLockedValue({ $0 }), Self.find(Self.alertMarker, in: buffer) != nil {
            samples.withLockedValue { $0.add(now - asked) }
            received.withLockedValue { $0 += 1 }
            return
        }
        let nonce: Int? = buffer.withUnsafeReadableBytes { bytes -> Int? in
            let marker = Self.marker
            guard let found = Self.find(marker, in: bytes) else { return nil }
            var index = found + marker.count
            var value = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            return value
        }
        guard let nonce else { return }
        if let sentAt = sent.withLockedValue({ $0[nonce] }) {
            samples.withLockedValue { $0.add(now - sentAt) }
            received.withLockedValue { $0 += 1 }
        }
    }

    static let marker = Array("bench ".utf8)
    static let alertMarker = Array(#""type":"alert""#.utf8)

    static func find(_ marker: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { find(marker, in: $0) }
    }

    /// Where `marker` starts in `bytes`, if it does.
    static func find(_ marker: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int? {
        var start = 0
        while start + marker.count <= bytes.count {
            if bytes[start] == marker[0] {
                var k = 1
                while k < marker.count, bytes[start + k] == marker[k] { k += 1 }
                if k == marker.count { return start }
            }
            start += 1
        }
        return nil
    }

    func waitForConnections(_ count: Int, timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = connected.withLockedValue { $0 }
            if now >= count { return now }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return connected.withLockedValue { $0 }
    }

    func closeAll() {
        for channel in channels.withLockedValue({ $0 }) { channel.close(promise: nil) }
    }
}

/// Sends the WebSocket upgrade request once connected.
final class UpgradeRequest: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    let host: String
    let path: String
    let cookie: String
    let receivers: Receivers?

    init(host: String, path: String, cookie: String, receivers: Receivers? = nil) {
        self.host = host
        self.path = path
        self.cookie = cookie
        self.receivers = receivers
    }

    /// A refused upgrade arrives here as an error (the response was not 101).
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        receivers?.refused("\(error)")
        context.close(promise: nil)
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: host)
        headers.add(name: "Cookie", value: cookie)
        headers.add(name: "Content-Length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Reached only by an answer that was not the upgrade (this handler leaves on upgrade).
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            receivers?.refused("HTTP \(head.status.code)" + (head.headers.first(name: "Location").map { " to \($0)" } ?? ""))
        }
    }
}

/// Counts frames as they arrive, and answers the server's pings as a browser does (the server
/// closes a connection whose pings go unanswered for 30 s).
final class FrameCounter: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    let receivers: Receivers

    init(receivers: Receivers) { self.receivers = receivers }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            receivers.record(frame.unmaskedData)
        case .ping:
            // A client's frames are masked (RFC 6455, 5.3).
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        default:
            break
        }
    }
}

func connectAll(_ receivers: Receivers, url: String, tokens: ArraySlice<String>) async {
    await withTaskGroup(of: Void.self) { group in
        for (i, token) in tokens.enumerated() {
            group.addTask { await receivers.connect(url: url, token: token) }
            // Pace the handshakes so the listen backlog never overflows.
            if i % 100 == 99 { await group.waitForAll() }
        }
    }
}
