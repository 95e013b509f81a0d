import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals
import WildcatDomain
import WildcatStore
import WildcatWeb

/// `wildcat serve`: runs the server until SIGTERM or SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Wildcat server.",
        discussion: """
            Creates the data folder and database if needed, applies migrations, and listens. \
            While nobody has an account, it prints a single-use link that lets the first person in.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LogOptions

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: ArgumentHelp("The address people use to reach this server, for invite links (default: http://HOST:PORT). With https, cookies are marked Secure.", valueName: "url"))
    var publicURL: String?

    @Flag(name: .long, help: "Trust X-Forwarded-For from a reverse proxy in front of Wildcat.")
    var trustProxy = false

    @Option(name: .long, help: ArgumentHelp("Serve Prometheus metrics at /metrics on this port, on its own listener (off by default; never on the public port).", valueName: "port"))
    var metricsPort: Int?

    @Option(name: .long, help: ArgumentHelp("Address of the metrics listener.", valueName: "host"))
    var metricsHost: String = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Messages each member may post per 10 seconds (raise only for load tests).", valueName: "count"))
    var messageRate: Int = RateLimits.standard.messagesPerMember.count

    @Option(name: .long, help: ArgumentHelp("Writes each member or address may make per minute (raise only for load tests).", valueName: "count"))
    var writeRate: Int = RateLimits.standard.writesPerClient.count

    @Option(name: .long, help: ArgumentHelp("Supporter sign-ups each address may make per hour on public action pages (raise only for load tests).", valueName: "count"))
    var supporterSignupRate: Int = RateLimits.standard.supporterSignupsPerAddress.count

    @Option(name: .long, help: ArgumentHelp("The work a supporter's browser does before signing up: leading zero bits of a SHA-256 (about 2^bits hashes; 16 is a fraction of a second on a phone).", valueName: "bits"))
    var supporterWorkBits: Int = 16

    @Option(name: .long, help: ArgumentHelp("The largest photo or file a member may send, in megabytes.", valueName: "MB"))
    var uploadLimit: Int = UploadRules().maxBytes / (1024 * 1024)

    @Option(name: .long, help: ArgumentHelp("The most a browser waits, at random, between taking a secret ballot's token and casting it (0 only for tests).", valueName: "seconds"))
    var secretCastDelay: Int = 20

    @Option(name: .long, help: ArgumentHelp("Seconds a new connection may take to send its first request's head before it is closed.", valueName: "seconds"))
    var headTimeout: Int = Int(ConnectionLimits.standard.headTimeout.components.seconds)

    @Option(name: .long, help: ArgumentHelp("Seconds a connection may stay idle between requests before it is closed.", valueName: "seconds"))
    var idleTimeout: Int = Int(ConnectionLimits.standard.idleTimeout.components.seconds)

    @Option(name: .long, help: ArgumentHelp("Send alerts by e-mail through this relay, always upgraded with STARTTLS: smtp://user:pass@host:587. Without it, members are not offered e-mail.", valueName: "url"))
    var smtpURL: String?

    @Option(name: .long, help: ArgumentHelp("The sender of alert e-mail (default: wildcat@ the public URL's host).", valueName: "address"))
    var mailFrom: String?

    @Option(name: .long, help: ArgumentHelp("Trust this certificate authority (PEM) for the SMTP relay too: for a relay with its own CA.", valueName: "file"))
    var smtpCAFile: String?

    @Option(name: .long, help: ArgumentHelp("The key that seals members' e-mail addresses, kept outside the database; made if missing (default: mail.key in the data directory; required with --database-url).", valueName: "file"))
    var mailKeyFile: String?

    @Option(name: .long, help: ArgumentHelp("Who push services may contact about this server (RFC 8292): mailto:you@example.org or an https URL (default: the public URL).", valueName: "contact"))
    var vapidSubject: String?

    @Option(name: .long, help: ArgumentHelp("Trust this certificate authority (PEM) for push endpoints too: for tests or a private push service.", valueName: "file"))
    var pushCAFile: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Also push to this host (and its subdomains), besides the browsers' own push services: for tests or a private push service. Repeatable.", valueName: "host"))
    var pushAllowHost: [String] = []

    func validate() throws {
        if let smtpURL, SMTPRelay(url: smtpURL, from: "x@y") == nil {
            throw ValidationError("--smtp-url must look like smtp://user:pass@host:587")
        }
        if smtpURL != nil, database.databaseURL != nil, mailKeyFile == nil {
            throw ValidationError("--smtp-url with PostgreSQL needs --mail-key-file (the same file on every node)")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let metricsPort {
            guard (0...65535).contains(metricsPort) else { throw ValidationError("--metrics-port must be 0 to 65535") }
            guard metricsPort != port || metricsPort == 0 else { throw ValidationError("--metrics-port must differ from --port") }
        }
        guard (1...3600).contains(headTimeout), (1...3600).contains(idleTimeout) else {
            throw ValidationError("--head-timeout and --idle-timeout must be 1 to 3600 seconds")
        }
        guard messageRate > 0, writeRate > 0, supporterSignupRate > 0 else {
            throw ValidationError("--message-rate, --write-rate and --supporter-signup-rate must be positive")
        }
        guard (8...28).contains(supporterWorkBits) else { throw ValidationError("--supporter-work-bits is 8 to 28") }
        guard (0...600).contains(secretCastDelay) else { throw ValidationError("--secret-cast-delay is 0 to 600 seconds") }
        guard (1...100).contains(uploadLimit) else { throw ValidationError("--upload-limit is 1 to 100 (megabytes)") }
        if let publicURL, URLComponents(string: publicURL)?.host == nil {
            throw ValidationError("--public-url must be a full URL such as https://wildcat.example.org")
        }
    }

    func run() async throws {
        let logger = logging.bootstrap()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        // The store runs as the application's first service; migrations run before it listens.
        let store = try Store.open(try database.location(), logger: logger)
        try await serve(store: store, logger: logger, registry: registry)
        logger.info("stopped")
    }

    private func serve(store: Store, logger: Logger, registry: PrometheusCollectorRegistry) async throws {
        let host = self.host
        let publicURL = self.publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        var limits = RateLimits.standard
        limits.messagesPerMember.count = messageRate
        limits.writesPerClient.count = writeRate
        limits.supporterSignupsPerAddress.count = supporterSignupRate
        var settings = WebConfiguration(publicURL: publicURL, trustProxy: trustProxy, rateLimits: limits)
        settings.connections.headTimeout = .seconds(headTimeout)
        settings.connections.idleTimeout = .seconds(idleTimeout)
        settings.supporterWorkBits = supporterWorkBits
        settings.uploads.maxBytes = uploadLimit * 1024 * 1024
        settings.secretCastDelay = .seconds(secretCastDelay)
        let mailHost = URLComponents(string: publicURL)?.host ?? "localhost"
        settings.alerts = AlertOptions(
            smtp: smtpURL.flatMap { SMTPRelay(url: $0, from: mailFrom ?? "wildcat@\(mailHost)", caFile: smtpCAFile) },
            mailKeyPath: mailKeyFile ?? (database.databaseURL == nil ? URL(fileURLWithPath: database.data).appendingPathComponent("mail.key").path : nil),
            vapidSubject: vapidSubject, pushCAFile: pushCAFile, pushHosts: PushHosts(adding: pushAllowHost))
        let configuration = settings
        let clock = ServeClock.make(logger: logger)
        let built = try await WildcatApplication.build(
            store: store, configuration: configuration, clock: clock, host: host, port: port, logger: logger,
            onServerRunning: { port in
                await Self.announce(store: store, configuration: configuration, now: clock.now(), logger: logger)
            }
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: built.application)]
        if let metricsPort {
            let host = metricsHost
            services.append(.init(service: MetricsListener.build(registry: registry, host: host, port: metricsPort) { port in
                logger.info("metrics listening", metadata: ["address": "\(host):\(port)"])
            }))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Prints where to go; on an empty instance, the first person's link.
    static func announce(store: Store, configuration: WebConfiguration, now: Date, logger: Logger) async {
        var lines = ["Wildcat is running at \(configuration.publicURL)  (database: \(store.location))"]
        do {
            if let token = try await store.firstPersonInvite(now: now, validFor: 24 * 3600) {
                lines.append("Nobody has an account yet. Open this link to create the first one (single use, valid 24 hours):")
                lines.append("  \(configuration.joinLink(token: token.value))")
            }
        } catch {
            logger.error("could not make the first person's invite", metadata: ["error": "\(error)"])
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
