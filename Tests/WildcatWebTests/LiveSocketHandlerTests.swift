import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing
@testable import WildcatWeb

/// A live page's socket, frame by frame, with time moved by hand.
@Suite struct LiveSocketHandlerTests {
    static let key: WebSocketMaskingKey = [7, 1, 9, 4]

    /// A frame as a browser sends it: masked.
    static func fromPage(_ opcode: WebSocketOpcode, _ text: String = "", fin: Bool = true, masked: Bool = true) -> WebSocketFrame {
        var data = ByteBuffer(string: text)
        if masked { data.webSocketMask(key) }
        return WebSocketFrame(fin: fin, opcode: opcode, maskKey: masked ? key : nil, data: data)
    }

    static func socket() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: LiveSocketHandler(pingPeriod: .seconds(30)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    /// The close code of the frame the server wrote, and whether it then hung up.
    static func closed(_ channel: EmbeddedChannel) throws -> WebSocketErrorCode? {
        guard let frame = try channel.readOutbound(as: WebSocketFrame.self), frame.opcode == .connectionClose else { return nil }
        var data = frame.data
        let code = data.readWebSocketErrorCode()
        return channel.isActive ? nil : code
    }

    @Test func aPagesPingIsAllItMaySay() throws {
        let channel = try Self.socket()
        try channel.writeInbound(Self.fromPage(.text, "ping"))
        #expect(try channel.readOutbound(as: WebSocketFrame.self) == nil)
        #expect(channel.isActive)

        for (frame, code) in [(Self.fromPage(.text, "{\"subscribe\":\"everything\"}"), WebSocketErrorCode.policyViolation),
                              (Self.fromPage(.text, String(repeating: "p", count: LiveSocketHandler.maxInbound + 1)), .messageTooLarge),
                              (Self.fromPage(.binary, "ping"), .policyViolation),
                              (Self.fromPage(.text, "pi", fin: false), .policyViolation),
                              (Self.fromPage(.text, "ping", masked: false), .protocolError)] {
            let other = try Self.socket()
            try other.writeInbound(frame)
            #expect(try Self.closed(other) == code)
        }
        // Just at the limit, and not "ping": refused for what it says, not its size.
        let atLimit = try Self.socket()
        try atLimit.writeInbound(Self.fromPage(.text, String(repeating: "p", count: LiveSocketHandler.maxInbound)))
        #expect(try Self.closed(atLimit) == .policyViolation)
    }

    @Test func pingsAreAnsweredAndClosesReturned() throws {
        let channel = try Self.socket()
        try channel.writeInbound(Self.fromPage(.ping, "are you there"))
        let pong = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(pong.opcode == .pong && String(buffer: pong.data) == "are you there")

        var goodbye = ByteBuffer()
        goodbye.write(webSocketErrorCode: .goingAway)
        goodbye.webSocketMask(Self.key)
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: Self.key, data: goodbye))
        #expect(try Self.closed(channel) == .normalClosure)
    }

    @Test func aPageThatLeftWithoutClosingIsHungUpOn() throws {
        let channel = try Self.socket()
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(!channel.isActive)
    }

    @Test func aPeerThatWentSilentIsHungUpOn() throws {
        let channel = try Self.socket()
        let loop = channel.embeddedEventLoop
        loop.advanceTime(by: .seconds(29))
        #expect(try channel.readOutbound(as: WebSocketFrame.self) == nil)
        loop.advanceTime(by: .seconds(1))
        #expect(try channel.readOutbound(as: WebSocketFrame.self)?.opcode == .ping)
        // It answers: the next ping comes, and the socket stays.
        try channel.writeInbound(Self.fromPage(.pong))
        loop.advanceTime(by: .seconds(30))
        #expect(try channel.readOutbound(as: WebSocketFrame.self)?.opcode == .ping)
        #expect(channel.isActive)
        // Then nothing for a whole period: gone.
        loop.advanceTime(by: .seconds(30))
        #expect(try Self.closed(channel) == .goingAway)
    }
}
