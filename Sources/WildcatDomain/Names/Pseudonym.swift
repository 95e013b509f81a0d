import Foundation

/// A member's chosen name on this instance: the only thing Wildcat knows about a person.
public struct Pseudonym: Sendable, Hashable, CustomStringConvertible {
    /// As the person wrote it (trimmed).
    public let value: String
    /// Case- and compatibility-folded form; unique on the instance.
    public let key: String

    public init(_ raw: String) throws(InputError) {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: "pseudonym", "Choose a pseudonym.") }
        // In characters, and in code points as sent (see `FreeText`).
        guard Limits.pseudonymLength.contains(text.count), raw.unicodeScalars.count <= Limits.pseudonymLength.upperBound else {
            throw InputError(field: "pseudonym", "A pseudonym is \(Limits.pseudonymLength.lowerBound) to \(Limits.pseudonymLength.upperBound) characters long.")
        }
        for scalar in text.unicodeScalars where !Self.isAllowed(scalar) {
            throw InputError(field: "pseudonym", "A pseudonym may use letters, digits, spaces and . - _ ' only.")
        }
        guard !text.contains("  ") else {
            throw InputError(field: "pseudonym", "A pseudonym may not contain two spaces in a row.")
        }
        self.value = text
        self.key = Self.fold(text)
    }

    /// The form used for uniqueness and look-up at login.
    public static func fold(_ text: String) -> String {
        let folded = text.trimmingWhitespace().precomposedStringWithCompatibilityMapping.lowercased()
        return String(folded.unicodeScalars.filter { $0 != " " })
    }

    public var description: String { value }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let props = scalar.properties
        if props.isAlphabetic || props.numericType != nil { return !props.isBidiControl }
        switch props.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        return scalar == " " || scalar == "." || scalar == "-" || scalar == "_" || scalar == "'"
    }
}
