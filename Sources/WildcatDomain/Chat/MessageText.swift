import Foundation

/// The text of a chat message, as typed: 1 to 4,000 characters, line breaks allowed.
public struct MessageText: Sendable, Hashable {
    public static let maxLength = 4000
    public let value: String

    public init(_ raw: String) throws(InputError) {
        // Normalise line endings; keep the author's spacing otherwise.
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: "body", "A message cannot be empty.") }
        // In characters, and in code points as sent (see `FreeText`).
        guard text.count <= Self.maxLength, raw.unicodeScalars.count <= Self.maxLength else {
            throw InputError(field: "body", "A message is at most \(Self.maxLength) characters long.")
        }
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            if scalar.properties.generalCategory == .control || Self.reordersText(scalar) {
                throw InputError(field: "body", "A message may not contain control, direction-override or direction-isolate characters.")
            }
        }
        self.value = text
    }

    /// Embeddings, overrides and isolates (U+202A–202E, U+2066–2069) can make text read as
    /// something else ("cancelled" shown as "dellecnac"). Plain direction marks stay allowed.
    private static func reordersText(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
