import Foundation

/// A person's account on this instance: a pseudonym and nothing else that identifies them.
public struct Account: Sendable, Hashable {
    public let id: ID<Account>
    public let pseudonym: String
    public let createdAt: Date

    public init(id: ID<Account>, pseudonym: String, createdAt: Date) {
        self.id = id
        self.pseudonym = pseudonym
        self.createdAt = createdAt
    }
}

/// A signed-in device of an account.
public struct Session: Sendable, Hashable {
    public let id: ID<Session>
    public let accountID: ID<Account>
    /// A coarse label such as "Firefox on Android", so a person can tell devices apart.
    public let device: String
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date

    public init(id: ID<Session>, accountID: ID<Account>, device: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.id = id
        self.accountID = accountID
        self.device = device
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}
