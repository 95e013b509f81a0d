import NIOCore
import NIOWebSocket

/// One delivery's frames, grouped by event loop: one task per loop writes all its sockets'
/// frames. When a delivery carries several events, each socket's frames are written together
/// and flushed once, so the kernel gets them in one `writev`.
struct SocketWrites {
    private struct Loop {
        let loop: any EventLoop
        /// One frame per socket (a delivery of one event: the common case, no array per socket).
        var single: [(any NIOCore.Channel, ByteBuffer)] = []
        /// Several frames per socket, and where each subscriber's are.
        var several: [(any NIOCore.Channel, [ByteBuffer])] = []
        var index: [Int: Int] = [:]
    }

    private let coalescing: Bool
    private var loops: [Loop] = []
    private var loopIndex: [ObjectIdentifier: Int] = [:]

    init(coalescing: Bool) {
        self.coalescing = coalescing
    }

    mutating func add(_ frame: ByteBuffer, to channel: any NIOCore.Channel, subscriber: Int) {
        let loop = channel.eventLoop
        let key = ObjectIdentifier(loop)
        let at: Int
        if let known = loopIndex[key] {
            at = known
        } else {
            at = loops.count
            loopIndex[key] = at
            loops.append(Loop(loop: loop))
        }
        guard coalescing else { return loops[at].single.append((channel, frame)) }
        if let slot = loops[at].index[subscriber] {
            loops[at].several[slot].1.append(frame)
        } else {
            loops[at].index[subscriber] = loops[at].several.count
            loops[at].several.append((channel, [frame]))
        }
    }

    func send() {
        for batch in loops {
            let single = batch.single
            let several = batch.several
            batch.loop.execute {
                for (channel, frame) in single {
                    channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: frame), promise: nil)
                }
                for (channel, frames) in several {
                    for frame in frames { channel.write(WebSocketFrame(fin: true, opcode: .text, data: frame), promise: nil) }
                    channel.flush()
                }
            }
        }
    }
}
