import WildcatDomain
import WildcatImages
import WildcatStore

/// What the web layer's features need, built once by `WildcatApplication.build`.
struct WebEnvironment: Sendable {
    let store: Store
    let pages: Pages
    let configuration: WebConfiguration
    /// Where every handler and service reads the time.
    let clock: WallClock
    let hasher: PassphraseHasher
    let limiter: RateLimiter
    /// Guessing and sign-up limits, counted across nodes on PostgreSQL.
    var guesses: GuessLimits { GuessLimits(local: limiter, store: store, keys: keys) }
    let throttle: LoginThrottle
    /// Lookalike checks for new pseudonyms (ICU).
    let spoofing: any NameSpoofing
    let keys: InstanceKeys
    let live: LiveHub
    let cache: AccessCache
    let touches: SessionTouches
    let alerts: AlertChannels
    /// Public action pages as rendered in the last second (see `PublicPageCache`).
    let publicPages: PublicPageCache
    /// Photos are decoded and encoded again here before anyone else can fetch them.
    let images: ImageCleaner
    /// Secret proposals' keys, parsed once.
    let ballotKeys: BallotKeyCache
}
