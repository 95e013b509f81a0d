import Foundation
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) for alerts: EHLO, STARTTLS (RFC 3207, required), AUTH PLAIN,
/// then one or more messages on the same connection.
struct SMTPClient: Sendable {
    let relay: SMTPRelay
    var timeout: Duration = .seconds(20)

    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// 5xx: the relay refused for good; otherwise worth retrying.
        let permanent: Bool
    }

    /// A message ready to go: the envelope recipient and the whole text, CRLF lines.
    struct Outgoing: Sendable {
        let recipient: String
        let data: String
    }

    /// Sends each message; the result of each, in order. A failure of the connection fails the
    /// messages not yet accepted (to be retried); a refusal fails only its own message.
    func send(_ messages: [Outgoing]) async -> [Result<Void, Failure>] {
        var results: [Result<Void, Failure>] = []
        do {
            let session = try await Session.open(relay, timeout: timeout)
            defer { session.close() }
            try await session.greet()
            for message in messages {
                do {
                    try await session.deliver(message, from: relay.from)
                    results.append(.success(()))
                } catch let failure as Failure where failure.permanent {
                    results.append(.failure(failure))
                    _ = try? await session.command("RSET")
                }
            }
            _ = try? await session.command("QUIT")
        } catch {
            let failure = error as? Failure ?? Failure(description: "\(error)", permanent: false)
            while results.count < messages.count { results.append(.failure(Failure(description: failure.description, permanent: false))) }
        }
        return results
    }

    /// One connection: replies arrive through `ReplyReader` into a queue read in order.
    final class Session: Sendable {
        let channel: any Channel
        let replies: ReplyQueue
        let relay: SMTPRelay
        let timeout: Duration

        private init(channel: any Channel, replies: ReplyQueue, relay: SMTPRelay, timeout: Duration) {
            self.channel = channel
            self.replies = replies
            self.relay = relay
            self.timeout = timeout
        }

        static func open(_ relay: SMTPRelay, timeout: Duration) async throws -> Session {
            let replies = ReplyQueue()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ReplyReader(replies)) }
                }
                .connect(host: relay.host, port: relay.port).get()
            return Session(channel: channel, replies: replies, relay: relay, timeout: timeout)
        }

        func close() { channel.close(promise: nil) }

        func next() async throws -> Reply {
            let replies = self.replies
            let ticket = replies.nextTicket()
            let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)) {
                replies.expire(ticket)
            }
            defer { timer.cancel() }
            return try await replies.next(ticket)
        }

        @discardableResult
        func command(_ line: String, expect: ClosedRange<Int> = 200...399) async throws -> Reply {
            try await channel.writeAndFlush(ByteBuffer(string: line + "\r\n"))
            return try expectReply(await next(), expect, after: line.hasPrefix("AUTH") ? "AUTH" : line)
        }

        func expectReply(_ reply: Reply, _ expect: ClosedRange<Int>, after: String) throws -> Reply {
            guard expect.contains(reply.code) else {
                throw Failure(description: "the relay answered \(reply.code) \(reply.text) to \(after)", permanent: (500...599).contains(reply.code))
            }
            return reply
        }

        /// Greeting, EHLO, STARTTLS, EHLO again, and sign-in if the URL has a user.
        func greet() async throws {
            _ = try expectReply(try await next(), 220...220, after: "connecting")
            let hello = try await command("EHLO wildcat", expect: 250...250)
            guard hello.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                throw Failure(description: "the relay does not offer STARTTLS: Wildcat sends no mail in the clear", permanent: false)
            }
            try await command("STARTTLS", expect: 220...220)
            var tls = TLSConfiguration.makeClientConfiguration()
            if let ca = relay.caFile { tls.trustRoots = .file(ca) }
            let context = try NIOSSLContext(configuration: tls)
            let handler = try NIOSSLClientHandler(context: context, serverHostname: relay.host.first?.isNumber == true ? nil : relay.host)
            try await channel.pipeline.addHandler(handler, position: .first).get()
            try await command("EHLO wildcat", expect: 250...250)
            if let user = relay.username {
                let token = Data(([0] + Array(user.utf8) + [0] + Array((relay.password ?? "").utf8))).base64EncodedString()
                try await command("AUTH PLAIN \(token)", expect: 235...235)
            }
        }

        func deliver(_ message: Outgoing, from: String) async throws {
            try await command("MAIL FROM:<\(from)>", expect: 250...250)
            try await command("RCPT TO:<\(message.recipient)>", expect: 250...251)
            try await command("DATA", expect: 354...354)
            // Dot-stuffing (RFC 5321 §4.5.2), then the end marker.
            let body = message.data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
            try await channel.writeAndFlush(ByteBuffer(string: (body.hasPrefix(".") ? "." : "") + body + "\r\n.\r\n"))
            _ = try expectReply(try await next(), 250...250, after: "the message")
        }
    }

    struct Reply: Sendable {
        let code: Int
        let lines: [String]
        var text: String { lines.joined(separator: " ") }
    }

    /// Replies in the order they came, handed to one reader at a time.
    final class ReplyQueue: Sendable {
        private struct State {
            var replies: [Reply] = []
            var ended: Failure?
            var waiter: (ticket: Int, continuation: CheckedContinuation<Reply, any Error>)?
            var tickets = 0
        }
        private let state = NIOLockedValueBox(State())

        func nextTicket() -> Int { state.withLockedValue { $0.tickets += 1; return $0.tickets } }

        func next(_ ticket: Int) async throws -> Reply {
            try await withCheckedThrowingContinuation { continuation in
                state.withLockedValue { state in
                    if !state.replies.isEmpty { continuation.resume(returning: state.replies.removeFirst()) }
                    else if let ended = state.ended { continuation.resume(throwing: ended) }
                    else { state.waiter = (ticket, continuation) }
                }
            }
        }

        func push(_ reply: Reply) {
            state.withLockedValue { state in
                if let waiter = state.waiter { state.waiter = nil; waiter.continuation.resume(returning: reply) } else { state.replies.append(reply) }
            }
        }

        func end(_ failure: Failure) {
            state.withLockedValue { state in
                if state.ended == nil { state.ended = failure }
                if let waiter = state.waiter { state.waiter = nil; waiter.continuation.resume(throwing: failure) }
            }
        }

        /// The reader waiting with this ticket has waited too long.
        func expire(_ ticket: Int) {
            state.withLockedValue { state in
                guard let waiter = state.waiter, waiter.ticket == ticket else { return }
                state.waiter = nil
                waiter.continuation.resume(throwing: Failure(description: "the relay did not answer in time", permanent: false))
            }
        }
    }

    /// Splits what the relay sends into replies ("250-…" lines continue, "250 …" ends one).
    final class ReplyReader: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let queue: ReplyQueue
        private let state = NIOLockedValueBox((buffer: "", lines: [String]()))

        init(_ queue: ReplyQueue) { self.queue = queue }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = unwrapInboundIn(data)
            let replies = state.withLockedValue { state -> [Reply] in
                state.buffer += String(buffer: bytes)
                var out: [Reply] = []
                while let end = state.buffer.range(of: "\n") {
                    var line = String(state.buffer[..<end.lowerBound])
                    if line.hasSuffix("\r") { line.removeLast() }
                    state.buffer.removeSubrange(..<end.upperBound)
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
                    state.lines.append(String(line.dropFirst(4)))
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                        out.append(Reply(code: code, lines: state.lines))
                        state.lines = []
                    }
                }
                return out
            }
            for reply in replies { queue.push(reply) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            queue.end(Failure(description: "the relay closed the connection", permanent: false))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            queue.end(Failure(description: "connection to the relay failed: \(error)", permanent: false))
            context.close(promise: nil)
        }
    }
}
