import Foundation

/// The relay e-mail goes through, from `--smtp-url smtp://user:pass@host:587`. Wildcat always
/// upgrades the connection with STARTTLS before it signs in or sends anything, and refuses a
/// relay that does not offer it.
public struct SMTPRelay: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let username: String?
    public let password: String?
    /// The envelope and header sender.
    public let from: String
    /// Extra certificate authorities to trust (PEM), for a relay with its own CA.
    public let caFile: String?

    public init?(url text: String, from: String, caFile: String? = nil) {
        guard let url = URLComponents(string: text), url.scheme?.lowercased() == "smtp", let host = url.host, !host.isEmpty else { return nil }
        self.host = host
        self.port = url.port ?? 587
        self.username = url.user.flatMap { $0.removingPercentEncoding }
        self.password = url.password.flatMap { $0.removingPercentEncoding }
        self.from = from
        self.caFile = caFile
    }
}
