import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import Prometheus
import ServiceLifecycle
import WildcatDomain
import WildcatStore

/// The whole web application, built from its parts. `wildcat serve` and the tests both use it.
public enum WildcatApplication {
    /// The router and the API routes it serves (the latter for the OpenAPI check).
    public struct Built {
        public let router: Router<AppRequestContext>
        public let apiRoutes: [String]
        /// The live fan-out; run it as a service.
        public let live: LiveHub
        /// Closes proposals at their deadline; run it as a service.
        public let closer: ProposalCloser
        /// Writes sessions' last use in batches; run it as a service.
        public let touches: SessionTouches
    }

    public static func buildRouter(store: Store, configuration: WebConfiguration, registry: PrometheusCollectorRegistry,
                                   signal: any LiveSignal = LocalSignal(), logger: Logger = Logger(label: "wildcat")) async throws -> Built {
        let cache = AccessCache(ttl: configuration.accessCacheSeconds)
        let touches = SessionTouches(store: store, logger: logger)
        let live = LiveHub(store: store, signal: signal, frames: LiveFrames(), logger: logger) { event in
            switch event.kind {
            case .memberLeft: if let account = event.accountID { cache.forget(member: account, of: event.assemblyID) }
            case .proposal: cache.forget(assembly: event.assemblyID)
            default: break
            }
        }
        try await live.prepare()
        let environment = WebEnvironment(
            store: store,
            pages: try await Pages.load(),
            configuration: configuration,
            hasher: PassphraseHasher(cost: configuration.bcryptCost),
            limiter: RateLimiter(),
            csrf: CSRF(secret: Array(try await store.instanceSecret().utf8)),
            live: live,
            cache: cache
        )
        let publicHost = URLComponents(string: configuration.publicURL).flatMap(Self.hostAndPort)
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware(pages: environment.pages, secureCookies: configuration.secureCookies))
        router.add(middleware: SessionMiddleware(store: store, configuration: configuration, csrf: environment.csrf, cache: cache, touches: touches))
        router.add(middleware: CSRFMiddleware(limiter: environment.limiter, limits: configuration.rateLimits, publicHost: publicHost))

        OperationsController(store: store, registry: registry, assets: try StaticAssets.load()).addRoutes(to: router)

        // Pages. Membership is checked once, by the middleware on the assembly group.
        let members = router.group(context: MemberContext.self)
        let assembly = router.group("/a/{assembly}", context: MemberContext.self)
            .add(middleware: AssemblyAccessMiddleware(store: store, cache: cache))
            .group(context: AssemblyContext.self)
        AccountPages(environment: environment).addRoutes(to: router, members: members)
        AssemblyPages(environment: environment).addRoutes(members: members, assembly: assembly)
        ChatPages(environment: environment).addRoutes(members: members, assembly: assembly)
        ProposalPages(environment: environment).addRoutes(assembly: assembly)
        LiveController(environment: environment, publicHost: publicHost).addRoutes(to: router)

        // JSON API, same contexts, same single membership check.
        let api = router.group(RouterPath(APIRoutes.prefix))
        var routes = APIRoutes(
            open: api,
            members: api.group(context: MemberContext.self),
            assemblies: api.group("/assemblies/{assembly}", context: MemberContext.self)
                .add(middleware: AssemblyAccessMiddleware(store: store, cache: cache))
                .group(context: AssemblyContext.self)
        )
        APIController(environment: environment).addRoutes(to: &routes)
        return Built(router: router, apiRoutes: routes.recorded.map { "\($0.method.rawValue) \($0.path)" }, live: live,
                     closer: ProposalCloser(actions: Actions(environment: environment), store: store, logger: logger), touches: touches)
    }

    /// The server, listening on `host:port`, with its background services.
    public static func build(
        store: Store, configuration: WebConfiguration, host: String, port: Int,
        registry: PrometheusCollectorRegistry, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let built = try await buildRouter(store: store, configuration: configuration, registry: registry, logger: logger)
        var app = Application(
            router: built.router,
            server: .http1WebSocketUpgrade(webSocketRouter: built.router, configuration: .init(ws: .init(maxFrameSize: 4096))),
            configuration: .init(address: .hostname(host, port: port), serverName: "Wildcat", backlog: 4096),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
        app.addServices(built.live, built.closer, built.touches, HousekeepingService(store: store, live: built.live, logger: logger))
        return app
    }

    static func hostAndPort(_ components: URLComponents) -> String? {
        guard let host = components.host else { return nil }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}

/// Every ten minutes: deletes expired sessions, and messages past their assembly's retention rule
/// (for real: the rows are gone).
struct HousekeepingService: Service {
    let store: Store
    let live: LiveHub
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await sweep()
                    try await Task.sleep(for: .seconds(600))
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
    }

    func sweep() async {
        do {
            let now = Date()
            let sessions = try await store.purgeExpiredSessions(now: now)
            let messages = try await store.purgeExpiredMessages(now: now)
            if messages > 0 { live.committed() }
            if sessions + messages > 0 {
                logger.info("housekeeping", metadata: ["expiredSessions": "\(sessions)", "expiredMessages": "\(messages)"])
            }
        } catch {
            logger.error("housekeeping failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Closes proposals whose deadline has passed, or on which every member has voted, checking
/// every second. Closing is exactly once by
/// construction (the store closes only a proposal still open, in one transaction), so several
/// nodes, or a restart mid-way, cannot close one twice; one missed while the server was down
/// closes as soon as it is up again.
public struct ProposalCloser: Service {
    let actions: Actions
    let store: Store
    let logger: Logger

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await closeDue()
                    try await Task.sleep(for: .seconds(1))
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
    }

    func closeDue() async {
        do {
            for (proposal, assembly) in try await store.dueProposals(now: Date()) + store.fullyVotedProposals() {
                try await actions.closeProposal(proposal, in: assembly)
            }
        } catch {
            logger.error("closing proposals failed", metadata: ["error": "\(error)"])
        }
    }
}
