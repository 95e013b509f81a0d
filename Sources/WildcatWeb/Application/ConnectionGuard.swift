import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Guards each connection before Hummingbird sees a request: a connection that has not sent a
/// complete request head within the head timeout is closed (Hummingbird's own idle timeout only
/// starts after the first request), and a request the HTTP parser refuses (duplicate
/// Content-Length, a bare LF, a head over the size limit) gets a 400 and the connection closes,
/// rather than staying open with no answer.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    /// Never unwrapped: after a WebSocket upgrade, frames pass through here untouched.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let headTimeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(headTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: headTimeout) { loopBound.value.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Anything reaching here was parsed: the first request's head has arrived.
        if let timer {
            timer.cancel()
            self.timer = nil
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["Connection": "close", "Content-Length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            // Close our side first and the rest a moment later: a client still sending (a head
            // too large) reads the 400 instead of a reset.
            let context = loopBound.value
            context.close(mode: .output, promise: nil)
            context.eventLoop.scheduleTask(in: .seconds(1)) { loopBound.value.close(promise: nil) }
        }
    }
}

/// The HTTP/1 and WebSocket server with a `ConnectionGuard` on every connection.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let headTimeout = limits.headTimeout
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Right after the request decoder (which comes after the response encoder): it sees
            // parsed parts and the parser's errors, and its 400 goes out through the encoder.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(headTimeout: headTimeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with `/live` upgrades, under these connection limits. The router decides each
    /// upgrade; `live` takes over the sockets it admits.
    static func guardedHTTP1Live(router: Router<AppRequestContext>, live: LiveController, limits: ConnectionLimits, maxFrameSize: Int)
        -> HTTPServerBuilder {
        let upgrades = router.buildResponder()
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(limits.idleTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes, maxHeaderFieldCount: 100))
        return HTTPServerBuilder { responder in
            GuardedChildChannel(
                inner: HTTP1LiveChannel(
                    responder: responder, http1: http1, maxFrameSize: maxFrameSize,
                    admit: { request, channel, logger in await LiveController.admit(request, channel: channel, logger: logger, router: upgrades) },
                    start: { admission, channel, logger in live.start(admission, channel: channel, logger: logger) }),
                limits: limits)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
