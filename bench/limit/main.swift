// The live fan-out's physical limit on this machine: plain NIO, no framework, no database. It
// accepts the WebSocket connections of `wildcat-load fanout` on /live (any credentials) and,
// for each message the load client posts, writes one pre-built text frame, of the size of
// Wildcat's own frame for a message, to every connection: one buffer shared by all sockets,
// written on each socket's event loop and flushed once. Wildcat's fan-out is measured against
// what this program reaches (bench/README.md, issue 16).
//
//   wildcat-limit [--port 8097] [--frame-bytes 2219] [--threads 1]
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

struct Options {
    var port = 8097
    var frameBytes = 2219
    var threads = 1

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst().flatMap(Int.init) else { Self.usage("\(flag) needs a number") }
            switch flag {
            case "--port": port = value
            case "--frame-bytes": frameBytes = value
            case "--threads": threads = value
            default: Self.usage("unknown option \(flag)")
            }
        }
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("wildcat-limit: \(problem)\nusage: wildcat-limit [--port 8097] [--frame-bytes 2219] [--threads 1]\n".utf8))
        exit(2)
    }
}

/// The open sockets, by event loop: a delivery is one task per loop, not one per socket.
final class Sockets: Sendable {
    private let byLoop = NIOLockedValueBox<[ObjectIdentifier: (loop: any EventLoop, channels: [ObjectIdentifier: any Channel])]>([:])

    func add(_ channel: any Channel) {
        byLoop.withLockedValue { byLoop in
            let loop = ObjectIdentifier(channel.eventLoop)
            if byLoop[loop] == nil { byLoop[loop] = (channel.eventLoop, [:]) }
            byLoop[loop]!.channels[ObjectIdentifier(channel)] = channel
        }
        channel.closeFuture.whenComplete { [self] _ in
            byLoop.withLockedValue { _ = $0[ObjectIdentifier(channel.eventLoop)]?.channels.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    func deliver(_ frame: WebSocketFrame) {
        for (loop, channels) in byLoop.withLockedValue({ $0.values.map { ($0.loop, Array($0.channels.values)) } }) {
            loop.execute {
                for channel in channels { channel.writeAndFlush(frame, promise: nil) }
            }
        }
    }
}

/// A post: answered 201 at once; its "bench N" goes out to every socket in a frame padded to size.
final class PostHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let sockets: Sockets
    let frameBytes: Int
    private let body = NIOLockedValueBox(ByteBuffer())

    init(sockets: Sockets, frameBytes: Int) {
        self.sockets = sockets
        self.frameBytes = frameBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            body.withLockedValue { $0.clear() }
        case .body(var part):
            body.withLockedValue { _ = $0.writeBuffer(&part) }
        case .end:
            let text = body.withLockedValue { String(buffer: $0) }
            if let start = text.range(of: "bench ") {
                let nonce = text[start.lowerBound...].prefix { $0 != "\"" }
                var json = "{\"type\":\"message\",\"body\":\"\(nonce)\",\"html\":\""
                json += String(repeating: "x", count: max(0, frameBytes - json.utf8.count - 2)) + "\"}"
                sockets.deliver(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: json)))
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "2")
            headers.add(name: "Content-Type", value: "application/json")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .created, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{}")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// A live socket: answers pings (a page's "ping" text is ignored), closes on close.
final class LiveSocket: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .ping: context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose: context.close(promise: nil)
        default: break
        }
    }
}

let options = Options(CommandLine.arguments)
let sockets = Sockets()
let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
let upgrader = NIOWebSocketServerUpgrader(
    maxFrameSize: 1 << 14,
    shouldUpgrade: { channel, head in channel.eventLoop.makeSucceededFuture(head.uri.hasPrefix("/live") ? HTTPHeaders() : nil) },
    upgradePipelineHandler: { channel, _ in
        sockets.add(channel)
        // The post handler sits after the upgrade's: frames must not reach it.
        return channel.pipeline.removeHandler(name: "post").flatMap { channel.pipeline.addHandler(LiveSocket()) }
    })
let bootstrap = ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })).flatMap {
            channel.pipeline.addHandler(PostHandler(sockets: sockets, frameBytes: options.frameBytes), name: "post")
        }
    }
let server = try bootstrap.bind(host: "127.0.0.1", port: options.port).wait()
print("wildcat-limit listening on 127.0.0.1:\(options.port), frames of \(options.frameBytes) bytes, \(options.threads) thread(s)")
try server.closeFuture.wait()
