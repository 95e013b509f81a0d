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
