import Hummingbird
import NIOCore
import Prometheus

/// Prometheus metrics on a listener of their own (`wildcat serve --metrics-port`, loopback by
/// default), never on the server members reach: counts of messages, ballots and sign-ins are
/// activity timing, which the pages must not give away to a member or a stranger.
public enum MetricsListener {
    public static func build(registry: PrometheusCollectorRegistry, host: String, port: Int,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Wildcat metrics"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) })
    }
}
