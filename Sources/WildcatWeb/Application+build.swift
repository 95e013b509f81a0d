import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import WildcatStore

/// The whole web application, built from its parts. `wildcat serve` and the tests both use it.
public enum WildcatApplication {
    /// The router and the API routes it serves (the latter for the OpenAPI check).
    public struct Built {
        public let router: Router<AppRequestContext>
        public let apiRoutes: [String]
    }

    public static func buildRouter(store: Store, configuration: WebConfiguration, registry: PrometheusCollectorRegistry) async throws -> Built {
        let environment = WebEnvironment(
            store: store,
            pages: try await Pages.load(),
            configuration: configuration,
            hasher: PassphraseHasher(cost: configuration.bcryptCost),
            limiter: RateLimiter(),
            csrf: CSRF(secret: Array(try await store.instanceSecret().utf8))
        )
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware(pages: environment.pages, secureCookies: configuration.secureCookies))
        router.add(middleware: SessionMiddleware(store: store, configuration: configuration, csrf: environment.csrf))
        router.add(middleware: CSRFMiddleware(limiter: environment.limiter, limits: configuration.rateLimits,
                                              publicHost: URLComponents(string: configuration.publicURL).flatMap(Self.hostAndPort)))

        OperationsController(store: store, registry: registry, assets: try StaticAssets.load()).addRoutes(to: router)

        // Pages. Membership is checked once, by the middleware on the assembly group.
        let members = router.group(context: MemberContext.self)
        let assembly = router.group("/a/{assembly}", context: MemberContext.self)
            .add(middleware: AssemblyAccessMiddleware(store: store))
            .group(context: AssemblyContext.self)
        AccountPages(environment: environment).addRoutes(to: router, members: members)
        AssemblyPages(environment: environment).addRoutes(members: members, assembly: assembly)

        // JSON API, same contexts, same single membership check.
        let api = router.group(RouterPath(APIRoutes.prefix))
        var routes = APIRoutes(
            open: api,
            members: api.group(context: MemberContext.self),
            assemblies: api.group("/assemblies/{assembly}", context: MemberContext.self)
                .add(middleware: AssemblyAccessMiddleware(store: store))
                .group(context: AssemblyContext.self)
        )
        APIController(environment: environment).addRoutes(to: &routes)
        return Built(router: router, apiRoutes: routes.recorded.map { "\($0.method.rawValue) \($0.path)" })
    }

    /// The server, listening on `host:port`, with its background services.
    public static func build(
        store: Store, configuration: WebConfiguration, host: String, port: Int,
        registry: PrometheusCollectorRegistry, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let built = try await buildRouter(store: store, configuration: configuration, registry: registry)
        var app = Application(
            router: built.router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Wildcat"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
        app.addServices(SessionPurgeService(store: store, logger: logger))
        return app
    }

    static func hostAndPort(_ components: URLComponents) -> String? {
        guard let host = components.host else { return nil }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}

/// Deletes expired sessions every ten minutes.
struct SessionPurgeService: Service {
    let store: Store
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        let purged = try await store.purgeExpiredSessions(now: Date())
                        if purged > 0 { logger.info("purged expired sessions", metadata: ["count": "\(purged)"]) }
                    } catch {
                        logger.error("session purge failed", metadata: ["error": "\(error)"])
                    }
                    try await Task.sleep(for: .seconds(600))
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
    }
}
