import Foundation

/// Which hosts Wildcat pushes to: the browsers' own push services, and any the operator adds.
/// A member's subscription names the URL the server will POST to, so without this an informer
/// could make the server probe its own network (a 404 deletes the subscription, which they see).
public struct PushHosts: Sendable, Equatable {
    /// Chrome, Edge, Firefox, Safari (and the browsers built on them), as of 2026.
    public static let browsers = ["fcm.googleapis.com", "updates.push.services.mozilla.com", "push.services.mozilla.com",
                                  "push.apple.com", "notify.windows.com"]

    /// A host matches a name itself or any subdomain of it ("web.push.apple.com").
    public let names: [String]

    public init(adding extra: [String] = []) {
        names = Self.browsers + extra.map { $0.lowercased() }
    }

    public func allows(_ url: URL) -> Bool {
        guard url.scheme == "https", let host = url.host?.lowercased(), !host.isEmpty else { return false }
        return names.contains { host == $0 || host.hasSuffix("." + $0) }
    }
}
