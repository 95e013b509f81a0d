import Foundation

/// The text of a chat message, as typed: 1 to 4,000 characters, line breaks allowed.
public struct MessageText: Sendable, Hashable {
    public static let maxLength = 4000
    public let value: String

    public init(_ raw: String) throws(InputError) {
        // Normalise line endings; keep the author's spacing otherwise.
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: "body", "A message cannot be empty.") }
        guard text.count <= Self.maxLength else {
            throw InputError(field: "body", "A message is at most \(Self.maxLength) characters long.")
        }
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            let props = scalar.properties
            if props.generalCategory == .control || props.isBidiControl && scalar.value >= 0x202A && scalar.value <= 0x202E {
                throw InputError(field: "body", "A message may not contain control or direction-override characters.")
            }
        }
        self.value = text
    }
}

/// The name of a channel, e.g. "night shift".
public struct ChannelName: Sendable, Hashable, CustomStringConvertible {
    public static let length = 1...40
    public let value: String
    /// Folded form; unique within an assembly.
    public let key: String

    public init(_ raw: String) throws(InputError) {
        let text = try FreeText.validate(raw, field: "name", noun: "A channel name", length: Self.length)
        self.value = text
        self.key = Pseudonym.fold(text)
    }

    public var description: String { value }

    /// Every assembly has this channel from its founding.
    public static let general = try! ChannelName("general")
}

/// How long an assembly keeps messages, from its rules.
public enum Retention {
    /// Messages created before this instant are past retention and must be deleted.
    public static func cutoff(now: Date, rules: AssemblyRules) -> Date {
        now.addingTimeInterval(-TimeInterval(rules.retentionDays) * 86400)
    }
}
