import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOWebSocket
import WildcatDomain
import WildcatStore

/// `/live`: one WebSocket per open page, carrying the live events of the member's assemblies.
/// The page says which event it saw last (`?after=`); the socket first replays what it missed,
/// then streams new events, so a reconnect has neither gaps nor repeats. Pages send nothing but
/// an optional "ping" (`LiveSocketHandler` holds the socket).
struct LiveController {
    let environment: WebEnvironment
    let publicHost: String?
    /// Most missed events replayed; a page further behind reloads instead.
    static let maxReplay = 5000
    static let path = "/live"

    /// The upgrade request passes through the page routes like any other (session, origin); a
    /// request that is not an upgrade is told to make one.
    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { request, context -> Response in
            guard let signedIn = context.signedIn else { throw Refusal.notSignedIn }
            // Browsers always send Origin on WebSocket requests: refuse other sites' pages.
            if let origin = request.headers[.origin], !SameOrigin.allows(origin, authority: request.head.authority, publicHost: publicHost) {
                throw Refusal.csrfRejected
            }
            guard let slot = context.liveUpgrade else { return Response(status: .upgradeRequired, headers: [.upgrade: "websocket"]) }
            slot.admission = LiveAdmission(signedIn: signedIn, after: request.uri.queryParameters.get("after"))
            return Response(status: .ok)
        }
    }

    /// Runs an upgrade request through the router; the admission its `/live` route left, if any.
    static func admit(_ head: HTTPRequest, channel: any NIOCore.Channel, logger: Logger, router: RouterResponder<AppRequestContext>) async -> LiveAdmission? {
        let slot = LiveUpgradeSlot()
        var context = AppRequestContext(source: .init(channel: channel, logger: logger))
        context.liveUpgrade = slot
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        guard let response = try? await router.respond(to: request, context: context), response.status == .ok else { return nil }
        return slot.admission
    }

    /// Takes over an upgraded socket: registers it with the hub, replays what the page missed,
    /// then leaves it to the hub. The task ends there; the socket lives on in its handlers.
    func start(_ admission: LiveAdmission, channel: any NIOCore.Channel, logger: Logger) {
        Task {
            do {
                try await open(admission, channel: channel)
            } catch {
                logger.debug("live page could not start", metadata: ["error": "\(error)"])
                LiveHub.sendReset(channel)
            }
        }
    }

    private func open(_ admission: LiveAdmission, channel: any NIOCore.Channel) async throws {
        let hub = environment.live
        let account = admission.signedIn.account.id
        let session = admission.signedIn.session.id
        let connection = try await hub.connect(account: account, session: session, channel: channel)
        Gauge(label: "wildcat_live_connections").record(hub.connectionCount)
        // At once if the page has already gone.
        channel.closeFuture.whenComplete { _ in
            hub.disconnect(connection.id)
            Gauge(label: "wildcat_live_connections").record(hub.connectionCount)
        }
        // The session may have ended after the request was let in (a cached lookup, another
        // node): once registered, later revocations close this socket; earlier ones, this check.
        guard try await environment.store.sessionIsLive(session, now: environment.clock.now()) else {
            return LiveHub.send(LiveFrames.signedOut, andClose: channel, code: .policyViolation)
        }
        // A cursor this server did not seal cannot be resumed from: the page reloads.
        let after = admission.after.map { environment.live.frames.cursors.open($0) ?? -1 }
        // Older than the oldest event kept: the page reloads, whether or not this node's hub has
        // read up to the cursor yet (under load it may lag behind a page's cursor).
        var lost = false
        if let after, after >= 0, let oldest = try await environment.store.oldestEventID() { lost = after + 1 < oldest }
        if let after, lost || after < 0 || after < connection.cursor {
            guard !lost, after >= 0, try await replay(account: account, after: after, upTo: connection.cursor, channel: channel) else {
                return LiveHub.send(LiveFrames.reset, andClose: channel, code: .normalClosure)
            }
        }
        hub.goLive(connection.id)
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
