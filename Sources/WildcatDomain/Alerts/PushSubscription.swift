/// Where a member's browser receives web push (RFC 8030), with the keys its messages are
/// encrypted to (RFC 8291): the browser's P-256 public key and auth secret, base64url.
public struct PushSubscription: Sendable, Hashable {
    public let id: String
    public let accountID: ID<Account>
    public let endpoint: String
    public let p256dh: String
    public let auth: String

    public init(id: String, accountID: ID<Account>, endpoint: String, p256dh: String, auth: String) {
        self.id = id
        self.accountID = accountID
        self.endpoint = endpoint
        self.p256dh = p256dh
        self.auth = auth
    }
}
