import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing
@testable import WildcatWeb

/// A delivery's frames reach each socket whole and in order, whether written one by one or together.
@Suite struct SocketWritesTests {
    static func texts(_ channel: EmbeddedChannel) throws -> [String] {
        var texts: [String] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) { texts.append(String(buffer: frame.data)) }
        return texts
    }

    @Test(arguments: [false, true]) func eachSocketGetsItsFramesInOrder(coalescing: Bool) throws {
        let loop = EmbeddedEventLoop()
        let ann = EmbeddedChannel(loop: loop)
        let bob = EmbeddedChannel(loop: loop)
        let elsewhere = EmbeddedChannel()
        var writes = SocketWrites(coalescing: coalescing)
        writes.add(ByteBuffer(string: "first"), to: ann, subscriber: 1)
        writes.add(ByteBuffer(string: "first"), to: bob, subscriber: 2)
        writes.add(ByteBuffer(string: "first"), to: elsewhere, subscriber: 3)
        if coalescing {
            writes.add(ByteBuffer(string: "second"), to: ann, subscriber: 1)
            writes.add(ByteBuffer(string: "third"), to: ann, subscriber: 1)
            writes.add(ByteBuffer(string: "second"), to: elsewhere, subscriber: 3)
        }
        writes.send()
        // Nothing is written until each socket's own event loop runs.
        #expect(try Self.texts(ann).isEmpty)
        loop.run()
        elsewhere.embeddedEventLoop.run()
        #expect(try Self.texts(ann) == (coalescing ? ["first", "second", "third"] : ["first"]))
        #expect(try Self.texts(bob) == ["first"])
        #expect(try Self.texts(elsewhere) == (coalescing ? ["first", "second"] : ["first"]))
    }
}
