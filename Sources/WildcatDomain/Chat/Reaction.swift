/// A reaction to a message: one of a few, not any text or emoji, so that a reaction can carry no
/// message of its own and every member's screen shows the same six.
public enum Reaction: String, Sendable, Hashable, Codable, CaseIterable {
    case thumbsUp, heart, laugh, surprised, sad, fist

    public var emoji: String {
        switch self {
        case .thumbsUp: return "👍"
        case .heart: return "❤️"
        case .laugh: return "😂"
        case .surprised: return "😮"
        case .sad: return "😢"
        case .fist: return "✊"
        }
    }

    /// Said aloud by screen readers.
    public var label: String {
        switch self {
        case .thumbsUp: return "thumbs up"
        case .heart: return "heart"
        case .laugh: return "laughing"
        case .surprised: return "surprised"
        case .sad: return "sad"
        case .fist: return "raised fist"
        }
    }
}

/// How many reacted to a message one way, and whether the reader did.
public struct ReactionCount: Sendable, Hashable, Codable {
    public let reaction: Reaction
    public let count: Int
    public let mine: Bool

    public init(reaction: Reaction, count: Int, mine: Bool) {
        self.reaction = reaction
        self.count = count
        self.mine = mine
    }
}
