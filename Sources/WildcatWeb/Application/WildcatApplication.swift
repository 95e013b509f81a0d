import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import WildcatDomain
import WildcatImages
import WildcatStore
import WildcatUnicode

/// Builds the whole web application from its configuration: `wildcat serve` and the tests both
/// use it. The store runs as the first service (so it shuts down last, after the server has
/// finished its requests); migrations, the instance keys and the live cursor are ready before
/// the server takes its first request.
public enum WildcatApplication {
    public struct Built: Sendable {
        public let application: Application<RouterResponder<AppRequestContext>>
        /// "METHOD /api/v1/path" of every API route, for the OpenAPI check.
        public let apiRoutes: [String]
        /// Every route, pages and API, with who may reach it.
        public let routes: [ListedRoute]
        public let live: LiveHub
        let environment: WebEnvironment
    }

    public static func build(
        store: Store, configuration: WebConfiguration, clock: WallClock = .system, host: String = "127.0.0.1", port: Int = 8080,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> Built {
        try await build(store: store, configuration: configuration, clock: clock, host: host, port: port, logger: logger,
                        pushTransport: nil, onServerRunning: onServerRunning)
    }

    /// With `pushTransport`, pushes go there instead of over HTTPS (tests).
    static func build(
        store: Store, configuration: WebConfiguration, clock: WallClock, host: String, port: Int, logger: Logger,
        pushTransport: (any PushTransport)?, onServerRunning: @escaping @Sendable (Int) async -> Void
    ) async throws -> Built {
        let pages = try await Pages.load()
        let cache = AccessCache(ttl: configuration.accessCacheSeconds)
        let touches = SessionTouches(store: store, logger: logger)
        let keys = InstanceKeys()
        // Caches of who belongs where, of sessions, and of assemblies' names and rules forget
        // what changed, whichever node changed it.
        let live = LiveHub(store: store, frames: LiveFrames(pages: pages, cursors: LiveCursor(keys: keys)), logger: logger, observe: { event in
            switch event.payload {
            case .memberLeft(let account): cache.forget(memberships: account)
            // A member of an assembly who takes a seat in its committee or council stops being an observer there.
            case .memberJoined(let account): cache.forget(memberships: account)
            case .observersChanged: cache.forget(assembly: event.assemblyID)
            case .proposal: cache.forget(assembly: event.assemblyID)
            default: break
            }
        }, revoked: { revocation in
            if let session = revocation.session { cache.forget(session: session) } else { cache.forget(account: revocation.account) }
        })
        let outbound = try OutboundHTTP(caFile: configuration.alerts.pushCAFile)
        let vapid = VapidKey(subject: configuration.alerts.vapidSubject ?? configuration.publicURL)
        let push = PushSender(vapid: vapid, transport: pushTransport ?? HTTPPushTransport(client: outbound.client), publicURL: configuration.publicURL,
                              hosts: configuration.alerts.pushHosts)
        let mail = try configuration.alerts.smtp.map { relay in
            guard let path = configuration.alerts.mailKeyPath else { throw MailKeyError(path: "(none given: --mail-key-file)") }
            return MailDelivery(client: SMTPClient(relay: relay), sealer: try MailSealer.load(path: path), tokens: AlertTokens(keys: keys),
                                publicURL: configuration.publicURL)
        }
        let alerts = AlertChannels(vapid: vapid, push: push, mail: mail)
        let environment = WebEnvironment(
            store: store, pages: pages, configuration: configuration, clock: clock, hasher: PassphraseHasher(cost: configuration.bcryptCost),
            limiter: RateLimiter(), throttle: LoginThrottle(), spoofing: ICUSpoofing(), keys: keys, live: live, cache: cache, touches: touches,
            alerts: alerts, publicPages: PublicPageCache(), images: try ImageCleaner(rules: configuration.uploads),
            ballotKeys: BallotKeyCache())
        let (router, apiRoutes, routes) = buildRouter(environment)

        var application = Application(
            router: router,
            server: .guardedHTTP1Live(router: router, live: LiveController(environment: environment, publicHost: publicHost(configuration)),
                                     limits: configuration.connections, maxFrameSize: 4096),
            configuration: .init(address: .hostname(host, port: port), serverName: "Wildcat", backlog: 4096),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
        let proposals = ProposalsService(environment: environment)
        let housekeeping = Housekeeping(store: store, clock: clock, logger: logger)
        let closer = ProposalCloser(proposals: proposals, logger: logger)
        let terms = TermCloser(store: store, clock: clock, logger: logger)
        let pledges = PledgeCloser(store: store, clock: clock, logger: logger)
        let reminders = Reminders(store: store, clock: clock, logger: logger)
        let dispatcher = AlertDispatcher(store: store, clock: clock, push: push, mail: mail, logger: logger)
        let ready = StartGate()
        application.addServices(
            store, LiveHubService(hub: live, gate: ready),
            // Work one node does for all: on PostgreSQL, the node holding the leader's lock.
            PeriodicService("closer", every: .seconds(1), after: ready, onlyLeading: store.leadership) { await closer.closeDue() },
            PeriodicService("terms", every: .seconds(30), after: ready, onlyLeading: store.leadership) { await terms.endDue() },
            PeriodicService("pledges", every: .seconds(5), after: ready, onlyLeading: store.leadership) { await pledges.expireDue() },
            PeriodicService("reminders", every: .seconds(30), after: ready, onlyLeading: store.leadership) { await reminders.sendDue() },
            // Sends what is due, a quarter second at most after it was queued; once more at shutdown.
            PeriodicService("alerts", every: .milliseconds(250), after: ready, finalRun: true, onlyLeading: store.leadership) { await dispatcher.drain() },
            outbound,
            // Each node's own: the session touches it batched. Every second, so that each write
            // stays small: a vote storm's 15 s of touches (75,000) held the writer for most of a
            // second, and every ballot queued behind it.
            PeriodicService("session touches", every: .seconds(1), after: ready, finalRun: true) { await touches.flush() },
            PeriodicService("housekeeping", every: .seconds(600), after: ready, onlyLeading: store.leadership) { await housekeeping.sweep() }
        )
        application.beforeServerStarts {
            let applied = try await store.migrate(now: clock.now())
            if !applied.isEmpty { logger.info("migrated", metadata: ["database": "\(store.location)", "applied": "\(applied)"]) }
            try await environment.keys.load(from: store)
            try await vapid.load(from: store)
            let spoofing = environment.spoofing
            let clashes = try await store.fillMissingSkeletons { spoofing.skeleton($0) }
            if !clashes.isEmpty { logger.warning("older accounts whose pseudonyms look like another's", metadata: ["count": "\(clashes.count)"]) }
            try await live.prepare()
            ready.open()
        }
        return Built(application: application, apiRoutes: apiRoutes, routes: routes, live: live, environment: environment)
    }

    /// Pages and the API are separate groups, each with its own middleware: cookies, anti-forgery
    /// tokens and HTML errors for pages; bearer tokens and problem documents for the API.
    static func buildRouter(_ environment: WebEnvironment) -> (Router<AppRequestContext>, [String], [ListedRoute]) {
        let configuration = environment.configuration
        let publicHost = publicHost(configuration)
        let sessions = SessionLookup(store: environment.store, configuration: configuration, cache: environment.cache,
                                     touches: environment.touches, clock: environment.clock)
        let writes = WriteLimitMiddleware(limiter: environment.limiter, limit: configuration.rateLimits.writesPerClient, clock: environment.clock)
        let accounts = AccountsService(environment: environment)
        let assemblies = AssembliesService(environment: environment)
        let chat = ChatService(environment: environment)
        let proposals = ProposalsService(environment: environment)

        let router = Router(context: AppRequestContext.self)
        router.add(middleware: LanguageMiddleware(available: environment.pages.translations.languages))
        router.add(middleware: SecurityHeadersMiddleware(secure: configuration.secureCookies, pages: environment.pages))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ClientAddressMiddleware(trustProxy: configuration.trustProxy))
        router.addRoutes(OperationsController(store: environment.store, assets: (try? StaticAssets.load()) ?? StaticAssets(files: [:])).endpoints)

        // Anonymous secret ballots: no session, cookie or write-limit middleware sees them.
        let cast = CastRoute(service: SecretBallotService(environment: environment))
        router.post(RouterPath(CastRoute.path), use: cast.cast)
        router.get(RouterPath(ReceiptKeyRoute.path), use: ReceiptKeyRoute(keys: environment.keys).show)

        let pageGroup = router.group()
            .add(middleware: CookieSessionMiddleware(sessions: sessions, csrf: CSRF(keys: environment.keys), secureCookies: configuration.secureCookies))
            .add(middleware: PageErrorMiddleware(pages: environment.pages))
            .add(middleware: writes)
            .add(middleware: CSRFMiddleware(publicHost: publicHost))
        var pageRoutes = RouteTable()
        var listed: [ListedRoute] = [ListedRoute(method: .post, path: CastRoute.path, access: .anyone, api: true),
                                     ListedRoute(method: .get, path: ReceiptKeyRoute.path, access: .anyone, api: false)]
        pageRoutes.add(.post, CastRoute.path)
        pageRoutes.add(.get, ReceiptKeyRoute.path)
        func page(_ route: (method: HTTPRequest.Method, path: String, access: ListedRoute.Access)) {
            let path = (route.access == .member ? "/a/{assembly}" : "") + route.path
            pageRoutes.add(route.method, path)
            listed.append(ListedRoute(method: route.method, path: path, access: route.access, api: false))
        }
        let committeePages = CommitteePages(service: CommitteesService(environment: environment), chat: chat, assemblies: assemblies)
        for endpoints in [AccountPages(service: accounts).endpoints, AssemblyPages(service: assemblies, chat: chat, committees: committeePages,
                                                                                     councils: CouncilPages(service: CouncilsService(environment: environment), committees: committeePages,
                                                                                                            chat: chat, assemblies: assemblies)).endpoints,
                          committeePages.endpoints,
                          ChatPages(service: chat).endpoints, ProposalPages(service: proposals, assemblies: assemblies, committees: CommitteesService(environment: environment)).endpoints] {
            mount(endpoints, on: pageGroup, assemblyPath: "/a/{assembly}", environment)
            endpoints.listed.forEach(page)
        }
        let alertPages = AlertPages(service: AlertsService(environment: environment), assemblies: assemblies)
        let calendarPages = CalendarPages(environment: environment)
        let supporterPages = SupporterPages(environment: environment, work: ProofOfWork(keys: environment.keys, bits: configuration.supporterWorkBits))
        for endpoints in [alertPages.endpoints, PledgePages(service: PledgesService(environment: environment)).endpoints,
                          MeetingPages(service: MeetingsService(environment: environment)).endpoints, calendarPages.endpoints,
                          calendarPages.feedEndpoints, DemandPages(environment: environment).endpoints,
                          ActionPages(service: ActionsService(environment: environment)).endpoints, supporterPages.endpoints,
                          DirectPages(environment: environment).endpoints,
                          SecretBallotPages(service: SecretBallotService(environment: environment)).endpoints,
                          LanguagePages(environment: environment).endpoints] {
            mount(endpoints, on: pageGroup, assemblyPath: "/a/{assembly}", environment)
            endpoints.listed.forEach(page)
        }
        // Photos and files: their form is multipart, and its handler checks the token in it.
        let uploadGroup = router.group()
            .add(middleware: CookieSessionMiddleware(sessions: sessions, csrf: CSRF(keys: environment.keys), secureCookies: configuration.secureCookies))
            .add(middleware: PageErrorMiddleware(pages: environment.pages))
            .add(middleware: writes)
            .add(middleware: CSRFMiddleware(publicHost: publicHost, tokenCheckedByHandler: true))
        let files = ChatFiles(chat: ChatPages(service: chat)).endpoints
        mount(files, on: uploadGroup, assemblyPath: "/a/{assembly}", environment)
        files.listed.forEach(page)
        // Links in e-mail: their token is the proof, and a mail provider's one-click POST has no
        // anti-forgery token, so they sit outside that check.
        let linkGroup = router.group()
            .add(middleware: CookieSessionMiddleware(sessions: sessions, csrf: CSRF(keys: environment.keys), secureCookies: configuration.secureCookies))
            .add(middleware: PageErrorMiddleware(pages: environment.pages))
            .add(middleware: writes)
        mount(alertPages.linkEndpoints, on: linkGroup, assemblyPath: "/a/{assembly}", environment)
        alertPages.linkEndpoints.listed.forEach(page)
        LiveController(environment: environment, publicHost: publicHost).addRoutes(to: pageGroup)
        pageRoutes.add(.get, LiveController.path)
        listed.append(ListedRoute(method: .get, path: LiveController.path, access: .signedIn, api: false))
        notFoundEverywhereElse(in: pageGroup, routes: pageRoutes, prefix: "")

        let apiGroup = router.group(RouterPath(apiPrefix))
            .add(middleware: NoStoreMiddleware())
            .add(middleware: APIErrorMiddleware())
            .add(middleware: BearerSessionMiddleware(sessions: sessions))
            .add(middleware: writes)
        var apiRoutes: [String] = []
        var apiTable = RouteTable()
        for endpoints in [AccountsAPI(service: accounts).endpoints, AssembliesAPI(service: assemblies).endpoints,
                          ChatAPI(service: chat).endpoints, ProposalsAPI(service: proposals).endpoints,
                          CommitteesAPI(service: CommitteesService(environment: environment)).endpoints,
                          CouncilsAPI(service: CouncilsService(environment: environment)).endpoints,
                          AlertsAPI(service: AlertsService(environment: environment)).endpoints,
                          PledgesAPI(service: PledgesService(environment: environment)).endpoints,
                          SecretBallotsAPI(service: SecretBallotService(environment: environment)).endpoints] {
            mount(endpoints, on: apiGroup, assemblyPath: "/assemblies/{assembly}", environment)
            for route in endpoints.listed {
                let path = (route.access == .member ? "/assemblies/{assembly}" : "") + route.path
                apiRoutes.append("\(route.method.rawValue) \(apiPrefix)\(path)")
                listed.append(ListedRoute(method: route.method, path: apiPrefix + path, access: route.access, api: true))
                apiTable.add(route.method, path)
            }
        }
        // The anonymous casting route is part of the API, outside its prefix and its credentials.
        apiRoutes.append("POST \(CastRoute.path)")
        notFoundEverywhereElse(in: apiGroup, routes: apiTable, prefix: apiPrefix)
        router.add(middleware: MethodNotAllowedMiddleware(pages: environment.pages, pageRoutes: pageRoutes, apiRoutes: apiTable, apiPrefix: apiPrefix))
        return (router, apiRoutes, listed)
    }

    static let apiPrefix = "/api/v1"

    /// Open routes as they are; members' routes behind the signed-in context; an assembly's routes
    /// behind the one membership check.
    private static func mount(_ endpoints: Endpoints, on group: RouterGroup<AppRequestContext>, assemblyPath: String, _ environment: WebEnvironment) {
        group.addRoutes(endpoints.open)
        group.group(context: MemberContext.self).addRoutes(endpoints.members)
        group.group(RouterPath(assemblyPath), context: MemberContext.self)
            .add(middleware: AssemblyAccessMiddleware(store: environment.store, cache: environment.cache, clock: environment.clock))
            .group(context: AssemblyContext.self)
            .addRoutes(endpoints.assembly)
    }

    /// Unmatched requests under a group answer through its own stack (a page with the signed-in
    /// header; a problem document for the API): 405 with the allowed methods for a known path,
    /// 404 otherwise.
    private static func notFoundEverywhereElse(in group: RouterGroup<AppRequestContext>, routes: RouteTable, prefix: String) {
        for method in [HTTPRequest.Method.get, .head, .post, .put, .patch, .delete, .options, .trace] {
            group.on("**", method: method) { request, _ -> Response in
                let path = String(request.uri.path.dropFirst(prefix.count))
                let allowed = routes.methods(for: path)
                if !allowed.isEmpty && !allowed.contains(request.method) { throw MethodNotAllowed(allowed: allowed) }
                throw Refusal.notFound
            }
        }
    }

    /// The public address's host (and port), which pages' Origin may name.
    static func publicHost(_ configuration: WebConfiguration) -> String? {
        URLComponents(string: configuration.publicURL).flatMap(hostAndPort)
    }

    static func hostAndPort(_ components: URLComponents) -> String? {
        guard let host = components.host else { return nil }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}
