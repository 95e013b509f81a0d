import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// HTTP/1 connections, of which a page's `/live` request may become a WebSocket. The router
/// decides the upgrade (the page routes' middleware: session, origin), as for any request. Once
/// upgraded, the socket is held by NIO handlers alone and the connection's task ends: no task,
/// stream or writer stays with an idle page (they were most of its 34 KB, issue 16).
struct HTTP1LiveChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case live
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    /// Asks the router whether this upgrade request may go live, and with what.
    typealias Admit = @Sendable (HTTPRequest, any Channel, Logger) async -> LiveAdmission?
    /// Takes over an upgraded socket (its handlers are in place).
    typealias Start = @Sendable (LiveAdmission, any Channel, Logger) -> Void

    let responder: HTTPChannelHandler.Responder
    let http1: HTTP1Channel.Configuration
    let maxFrameSize: Int
    let admit: Admit
    let start: Start

    init(responder: @escaping HTTPChannelHandler.Responder, http1: HTTP1Channel.Configuration, maxFrameSize: Int,
         admit: @escaping Admit, start: @escaping Start) {
        self.responder = Self.upgradeOnNewConnection(responder)
        self.http1 = http1
        self.maxFrameSize = maxFrameSize
        self.admit = admit
        self.start = start
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let admitted = NIOLoopBoundBox<LiveAdmission?>(nil, eventLoop: channel.eventLoop)
            let attempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: maxFrameSize,
                shouldUpgrade: { channel, head in
                    attempted.value = true
                    let request: HTTPRequest
                    do { request = try HTTPRequest(head, secure: false, splitCookie: false) } catch { return channel.eventLoop.makeSucceededFuture(nil) }
                    let promise = channel.eventLoop.makePromise(of: LiveAdmission?.self)
                    promise.completeWithTask { await admit(request, channel, logger) }
                    return promise.futureResult.map { admission in
                        admitted.value = admission
                        return admission == nil ? nil : HTTPHeaders()
                    }
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let admission = admitted.value else { throw ChannelError.inappropriateOperationForState }
                        try channel.pipeline.syncOperations.addHandler(LiveSocketHandler())
                        start(admission, channel, logger)
                        return .live
                    }
                })
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration(upgraders: [upgrader], notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                    try channel.pipeline.syncOperations.addHandlers(http1.additionalChannelHandlers())
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .nanoseconds($0.nanoseconds) }, logger: logger))
                    let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    return attempted.value ? .refused(asyncChannel) : .notUpgraded(asyncChannel)
                }
            })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: upgrades)
            configuration.enablePipelining = false  // NIOAsyncChannel pipelines
            configuration.enableErrorHandling = false  // ConnectionGuard answers parser errors
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validates
            configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .live:
                // The socket's handlers and the hub hold it from here: this task ends.
                return
            case .notUpgraded(let http1):
                await handleHTTP(asyncChannel: http1, logger: logger)
            case .refused(let http1):
                await refuse(http1, logger: logger)
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request")
        } catch {
            logger.debug("upgrade failed", metadata: ["error": "\(error)"])
        }
    }

    /// A refused upgrade gets a bare 400 (as a WebSocket client expects), and the connection closes.
    private func refuse(_ channel: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        do {
            try await channel.executeThenClose { _, outbound in
                let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch {
            logger.trace("could not answer a refused upgrade", metadata: ["error": "\(error)"])
        }
    }

    /// NIO only upgrades a connection's first request: a later one asking to upgrade is sent to
    /// the same address on a new connection.
    private static func upgradeOnNewConnection(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        struct ClosingAfterRedirect: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else { return try await responder(request, writer, channel) }
            let location = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw ClosingAfterRedirect()
        }
    }
}
