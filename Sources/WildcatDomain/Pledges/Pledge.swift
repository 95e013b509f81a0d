import Foundation

/// "I will walk out on Friday if at least 70 % of us pledge." Members pledge; until the threshold
/// is reached only the count is shown. When it is, every pledger is told and sees who pledged;
/// if the deadline passes first, the pledges are deleted and nobody is ever revealed.
public struct Pledge: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        case open, reached, expired
    }

    public let id: ID<Pledge>
    public let assemblyID: ID<Assembly>
    /// What each pledger commits to.
    public let text: String
    public let threshold: PledgeThreshold
    public let deadline: Date
    public let createdAt: Date
    public let count: Int
    public let reachedAt: Date?
    public let state: State

    public init(id: ID<Pledge>, assemblyID: ID<Assembly>, text: String, threshold: PledgeThreshold, deadline: Date, createdAt: Date,
                count: Int, reachedAt: Date?, state: State) {
        self.id = id
        self.assemblyID = assemblyID
        self.text = text
        self.threshold = threshold
        self.deadline = deadline
        self.createdAt = createdAt
        self.count = count
        self.reachedAt = reachedAt
        self.state = state
    }
}
