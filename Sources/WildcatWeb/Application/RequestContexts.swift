import Foundation
import Hummingbird
import NIOCore
import WildcatDomain
import WildcatStore

/// The signed-in person behind a request.
public struct SignedIn: Sendable {
    public let account: Account
    public let session: Session
}

/// Every request's context: who is asking (if anyone) and from where.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set on an upgrade request only: where the `/live` route leaves its admission.
    public var liveUpgrade: LiveUpgradeSlot?
    /// Set by the session middleware of the page or API routes when the request carries a live session.
    public var signedIn: SignedIn?
    /// The anti-forgery token forms on this page must carry (pages only).
    public var csrfToken: String = ""
    /// The client's address as used for rate limits (a proxy's, unless X-Forwarded-For is trusted).
    public var clientAddress: String
    /// The connection; a live page's frames are written to it directly.
    public let channel: any NIOCore.Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    public var maxUploadSize: Int { Limits.requestBodyBytes }
}

/// A request from a signed-in person: routes that need one take this context.
public struct MemberContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let signedIn: SignedIn
    public let csrfToken: String
    public let clientAddress: String
    /// Set by `AssemblyAccessMiddleware` once membership (or, in a committee, observation) is confirmed.
    public var assembly: Assembly?
    public var access: Permissions.Access = .member

    public init(context: AppRequestContext) throws {
        guard let signedIn = context.signedIn else { throw Refusal.notSignedIn }
        self.coreContext = context.coreContext
        self.signedIn = signedIn
        self.csrfToken = context.csrfToken
        self.clientAddress = context.clientAddress
    }

    public var account: Account { signedIn.account }
    public var maxUploadSize: Int { Limits.requestBodyBytes }
}

/// A request by a member of the assembly named in the path: the membership was checked once,
/// in `AssemblyAccessMiddleware`, before any handler runs.
public struct AssemblyContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let signedIn: SignedIn
    public let csrfToken: String
    public let clientAddress: String
    public let assembly: Assembly
    /// A member (a committee's delegate), or an observer of a committee (reads only).
    public let access: Permissions.Access

    public init(context: MemberContext) throws {
        guard let assembly = context.assembly else { throw Refusal.notFound }
        self.coreContext = context.coreContext
        self.signedIn = context.signedIn
        self.csrfToken = context.csrfToken
        self.clientAddress = context.clientAddress
        self.assembly = assembly
        self.access = context.access
    }

    /// An observer reads a committee's channel only if the assembly did not make it private.
    public var readsChannels: Bool { access == .member || Permissions.observerReadsChannel(of: assembly.charter) }

    public var account: Account { signedIn.account }
    public var actor: Actor { .member(signedIn.account.id) }
    public var maxUploadSize: Int { Limits.requestBodyBytes }
}
