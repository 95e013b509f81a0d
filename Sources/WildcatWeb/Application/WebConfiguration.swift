import Foundation
import WildcatDomain

/// Settings of the web layer, from the command line or tests.
public struct WebConfiguration: Sendable {
    /// The address people use to reach this server, used in printed invite links.
    public var publicURL: String
    /// Mark cookies Secure and send HSTS (set when the public URL is https).
    public var secureCookies: Bool
    /// bcrypt work factor; 12 in production, lower only in tests.
    public var bcryptCost: UInt8
    /// Trust X-Forwarded-For from a reverse proxy for the client's address.
    public var trustProxy: Bool
    /// A session ends after this long without use...
    public var sessionIdleTimeout: TimeInterval
    /// ...and in any case this long after sign-in.
    public var sessionAbsoluteTimeout: TimeInterval
    /// Requests per window allowed for each rate-limited action.
    public var rateLimits: RateLimits
    /// How long a node may reuse a session or membership it looked up (see `AccessCache`).
    public var accessCacheSeconds: TimeInterval
    /// Connection limits (see `ConnectionGuard`).
    public var connections: ConnectionLimits = .standard
    /// Alerts by e-mail and web push (see `AlertOptions`).
    public var alerts: AlertOptions = AlertOptions()
    /// The work a supporter's browser does to sign up: leading zero bits of a hash (see `ProofOfWork`).
    public var supporterWorkBits: Int = 16
    /// How large an upload may be, and how photos are checked and served.
    public var uploads: UploadRules = UploadRules()
    /// The most a member's browser waits, at random, between taking a secret ballot's token and
    /// casting it (docs/secret-ballots.md).
    public var secretCastDelay: Duration = .seconds(20)

    public init(
        publicURL: String = "http://127.0.0.1:8080",
        secureCookies: Bool? = nil,
        bcryptCost: UInt8 = 12,
        trustProxy: Bool = false,
        sessionIdleTimeout: TimeInterval = 14 * 86400,
        sessionAbsoluteTimeout: TimeInterval = 90 * 86400,
        rateLimits: RateLimits = .standard,
        accessCacheSeconds: TimeInterval = 5
    ) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.secureCookies = secureCookies ?? publicURL.lowercased().hasPrefix("https://")
        self.bcryptCost = bcryptCost
        self.trustProxy = trustProxy
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.rateLimits = rateLimits
        self.accessCacheSeconds = accessCacheSeconds
    }

    /// The link a person opens to use an invite.
    public func joinLink(token: String) -> String { "\(publicURL)/join/\(token)" }
}

/// Limits on attempts, per window.
public struct RateLimits: Sendable {
    public var loginPerPseudonym: RateLimit
    public var loginPerAddress: RateLimit
    public var signupPerAddress: RateLimit
    public var writesPerClient: RateLimit
    public var messagesPerMember: RateLimit
    /// Supporters signing up on public action pages, per address.
    public var supporterSignupsPerAddress: RateLimit
    /// Invite tokens asked for that do not exist, per address: past it, every lookup is refused.
    public var inviteMissesPerAddress: RateLimit

    public init(loginPerPseudonym: RateLimit, loginPerAddress: RateLimit, signupPerAddress: RateLimit, writesPerClient: RateLimit, messagesPerMember: RateLimit,
                supporterSignupsPerAddress: RateLimit, inviteMissesPerAddress: RateLimit = RateLimit(20, per: 3600)) {
        self.supporterSignupsPerAddress = supporterSignupsPerAddress
        self.inviteMissesPerAddress = inviteMissesPerAddress
        self.loginPerPseudonym = loginPerPseudonym
        self.loginPerAddress = loginPerAddress
        self.signupPerAddress = signupPerAddress
        self.writesPerClient = writesPerClient
        self.messagesPerMember = messagesPerMember
    }

    public static let standard = RateLimits(
        loginPerPseudonym: RateLimit(10, per: 15 * 60),
        loginPerAddress: RateLimit(30, per: 15 * 60),
        signupPerAddress: RateLimit(20, per: 3600),
        writesPerClient: RateLimit(600, per: 60),
        messagesPerMember: RateLimit(30, per: 10),
        supporterSignupsPerAddress: RateLimit(10, per: 3600)
    )
}

/// At most `count` events per `window` seconds.
public struct RateLimit: Sendable {
    public var count: Int
    public var window: TimeInterval

    public init(_ count: Int, per window: TimeInterval) {
        self.count = count
        self.window = window
    }
}

/// How long a connection may take to send a request head, or stay idle between requests, and
/// how large a head may be. Past these, the server answers 400 or closes the connection.
public struct ConnectionLimits: Sendable {
    public var headTimeout: Duration
    public var idleTimeout: Duration
    /// Bytes of all header fields of one request together.
    public var maxHeaderBytes: Int

    public init(headTimeout: Duration, idleTimeout: Duration, maxHeaderBytes: Int) {
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }

    public static let standard = ConnectionLimits(headTimeout: .seconds(20), idleTimeout: .seconds(60), maxHeaderBytes: 16 * 1024)
}

/// How alerts leave the server.
public struct AlertOptions: Sendable {
    /// The relay for e-mail; without one, members are not offered e-mail.
    public var smtp: SMTPRelay?
    /// The file holding the key that seals members' addresses (outside the database).
    public var mailKeyPath: String?
    /// Who push services may contact about this server's pushes (RFC 8292's "sub").
    public var vapidSubject: String?
    /// Extra certificate authorities (PEM) trusted for push endpoints: for tests, or a private
    /// push service.
    public var pushCAFile: String?
    /// The push services subscriptions may name.
    public var pushHosts: PushHosts

    public init(smtp: SMTPRelay? = nil, mailKeyPath: String? = nil, vapidSubject: String? = nil, pushCAFile: String? = nil,
                pushHosts: PushHosts = PushHosts()) {
        self.smtp = smtp
        self.mailKeyPath = mailKeyPath
        self.vapidSubject = vapidSubject
        self.pushCAFile = pushCAFile
        self.pushHosts = pushHosts
    }
}
