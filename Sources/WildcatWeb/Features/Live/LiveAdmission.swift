import NIOConcurrencyHelpers

/// What the `/live` route decided about an upgrade request: whose page it is and the last event
/// the page saw (sealed, as the page holds it).
struct LiveAdmission: Sendable {
    let signedIn: SignedIn
    let after: String?
}

/// Where the `/live` route leaves its admission for the connection that asked: present only in
/// the context of an upgrade request, so a plain GET of `/live` is told to upgrade instead.
public final class LiveUpgradeSlot: Sendable {
    private let box = NIOLockedValueBox<LiveAdmission?>(nil)

    var admission: LiveAdmission? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}
