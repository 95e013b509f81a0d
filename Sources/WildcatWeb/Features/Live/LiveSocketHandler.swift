import NIOCore
import NIOWebSocket

/// The whole life of a live page's socket after the upgrade, in one NIO handler: no task, stream
/// or writer waits on it (at 10,000 idle pages those cost 20 KB each, issue 16). The hub writes
/// frames to the channel itself. Pages send nothing but "ping"; anything else closes the socket.
/// Every `pingPeriod` the server pings; a peer that has sent nothing since the last ping is gone
/// (a phone that left the network without closing) and its socket is closed.
final class LiveSocketHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Most a page may send in one message ("ping").
    static let maxInbound = 64
    static let pingPeriod = TimeAmount.seconds(30)

    private let pingPeriod: TimeAmount
    private var heardSincePing = true
    private var closing = false
    private var timer: Scheduled<Void>?

    init(pingPeriod: TimeAmount = LiveSocketHandler.pingPeriod) {
        self.pingPeriod = pingPeriod
    }

    func handlerAdded(context: ChannelHandlerContext) {
        schedulePing(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    /// The page went without a close frame (the server allows half-closed connections, so the end
    /// of its input arrives as an event, not as a closed channel).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        heardSincePing = true
        // RFC 6455 5.1: a client masks every frame.
        guard frame.maskKey != nil else { return close(context: context, code: .protocolError) }
        switch frame.opcode {
        case .ping:
            guard !closing else { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            break
        case .connectionClose:
            // The page is leaving: answer its close (unless ours went first), then hang up.
            if closing {
                context.close(promise: nil)
            } else {
                close(context: context, code: .normalClosure)
            }
        case .text where frame.fin:
            guard frame.length <= Self.maxInbound else { return close(context: context, code: .messageTooLarge) }
            guard frame.unmaskedData.readableBytesView.elementsEqual("ping".utf8) else {
                return close(context: context, code: .policyViolation)
            }
        default:
            // Binary frames, and fragments: a page's "ping" is never either.
            close(context: context, code: .policyViolation)
        }
    }

    /// Sends a close frame with `code`, then closes the connection once it is written.
    private func close(context: ChannelHandlerContext, code: WebSocketErrorCode) {
        guard !closing else { return }
        closing = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))).whenComplete { _ in
            loopBound.value.close(promise: nil)
        }
    }

    private func schedulePing(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: pingPeriod) {
            let (handler, context) = loopBound.value
            handler.pingDue(context: context)
        }
    }

    private func pingDue(context: ChannelHandlerContext) {
        guard !closing, context.channel.isActive else { return }
        guard heardSincePing else { return close(context: context, code: .goingAway) }
        heardSincePing = false
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer())), promise: nil)
        schedulePing(context: context)
    }
}
