import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
import NIOWebSocket
import WildcatDomain
import WildcatStore

/// `/live`: one WebSocket per open page, carrying the live events of the member's assemblies.
/// The page says which event it saw last (`?after=`); the socket first replays what it missed,
/// then streams new events, so a reconnect has neither gaps nor repeats. Pages send nothing but
/// an optional "ping"; anything else closes the socket with a policy-violation code.
struct LiveController {
    let environment: WebEnvironment
    let publicHost: String?
    /// Most a page may send in one message ("ping").
    static let maxInbound = 64
    /// Most missed events replayed; a page further behind reloads instead.
    static let maxReplay = 5000
    static let path = "/live"

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.ws(RouterPath(Self.path), shouldUpgrade: { request, context in
            guard context.signedIn != nil else { throw Refusal.notSignedIn }
            // Browsers always send Origin on WebSocket requests: refuse other sites' pages.
            if let origin = request.headers[.origin], !SameOrigin.allows(origin, authority: request.head.authority, publicHost: publicHost) {
                throw Refusal.csrfRejected
            }
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            guard let signedIn = context.requestContext.signedIn else { return }
            let after = context.request.uri.queryParameters.get("after")
            try await serve(signedIn: signedIn, channel: context.requestContext.channel, after: after,
                            inbound: inbound, outbound: outbound, logger: context.logger)
        })
    }

    func serve(signedIn: SignedIn, channel: any NIOCore.Channel, after sealed: String?, inbound: WebSocketInboundStream,
               outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        let hub = environment.live
        let account = signedIn.account.id
        let connection = try await hub.connect(account: account, session: signedIn.session.id, channel: channel)
        defer { hub.disconnect(connection.id) }
        Gauge(label: "wildcat_live_connections").record(hub.connectionCount)
        // The session may have ended after the request was let in (a cached lookup, another
        // node): once registered, later revocations close this socket; earlier ones, this check.
        guard try await environment.store.sessionIsLive(signedIn.session.id, now: environment.clock.now()) else {
            try await outbound.write(.text(LiveFrames.signedOut))
            try await outbound.close(.policyViolation, reason: "signed out")
            return
        }
        // A cursor this server did not seal cannot be resumed from: the page reloads.
        let after = sealed.map { environment.live.frames.cursors.open($0) ?? -1 }
        // Older than the oldest event kept: the page reloads, whether or not this node's hub has
        // read up to the cursor yet (under load it may lag behind a page's cursor).
        var lost = false
        if let after, after >= 0, let oldest = try await environment.store.oldestEventID() { lost = after + 1 < oldest }
        if let after, lost || after < 0 || after < connection.cursor {
            guard !lost, after >= 0, try await replay(account: account, after: after, upTo: connection.cursor, channel: channel) else {
                try await outbound.write(.text(LiveFrames.reset))
                try await outbound.close(.normalClosure, reason: "reload")
                return
            }
        }
        hub.goLive(connection.id)
        // The hub writes frames to the socket itself; this task only listens. Pages send nothing
        // but "ping"; the socket ends when the page leaves or the hub tells it to reconnect.
        for try await message in inbound.messages(maxSize: Self.maxInbound) {
            guard case .text("ping") = message else {
                try await outbound.close(.policyViolation, reason: "pages send nothing but ping")
                return
            }
        }
    }

    /// Sends what the page missed; false when that is no longer possible.
    /// Written straight to the socket, like live frames, so that they keep their order.
    private func replay(account: ID<Account>, after: Int64, upTo: Int64, channel: any NIOCore.Channel) async throws -> Bool {
        let store = environment.store
        if let oldest = try await store.oldestEventID(), after + 1 < oldest { return false }
        let memberships = try await store.assemblyIDs(of: account)
        let missed = try await store.events(after: after, upTo: upTo, assemblies: memberships, limit: Self.maxReplay)
        if missed.count == Self.maxReplay { return false }
        let entitled = Set(memberships)
        for event in missed where event.isVisible(to: account, memberOf: entitled) {
            if let frame = environment.live.frames.frame(for: event) {
                channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: frame)), promise: nil)
            }
        }
        return true
    }
}
