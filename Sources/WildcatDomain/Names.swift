import Foundation

/// Why a name, passphrase or other input was refused. The message is shown to the person.
public struct InputError: Error, Sendable, Hashable {
    /// The field the problem is in, as named in forms and the API.
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Limits on what people type, in one place so forms, API and docs agree.
public enum Limits {
    public static let pseudonymLength = 2...32
    public static let assemblyNameLength = 1...80
    public static let passphraseLength = 12...256
    /// Largest request body the server reads, in bytes.
    public static let requestBodyBytes = 64 * 1024
}

/// A member's chosen name on this instance: the only thing Wildcat knows about a person.
public struct Pseudonym: Sendable, Hashable, CustomStringConvertible {
    /// As the person wrote it (trimmed).
    public let value: String
    /// Case- and compatibility-folded form; unique on the instance.
    public let key: String

    public init(_ raw: String) throws(InputError) {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: "pseudonym", "Choose a pseudonym.") }
        guard Limits.pseudonymLength.contains(text.count) else {
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

/// The name of an assembly, e.g. "Store 14 workers".
public struct AssemblyName: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(InputError) {
        self.value = try FreeText.validate(raw, field: "name", noun: "An assembly name", length: Limits.assemblyNameLength)
    }

    public var description: String { value }
}

/// A passphrase as typed; never stored, only hashed.
public struct Passphrase: Sendable {
    public let value: String

    public init(_ raw: String) throws(InputError) {
        guard !raw.trimmingWhitespace().isEmpty else { throw InputError(field: "passphrase", "Choose a passphrase.") }
        guard Limits.passphraseLength.contains(raw.count) else {
            throw InputError(field: "passphrase", "A passphrase is \(Limits.passphraseLength.lowerBound) to \(Limits.passphraseLength.upperBound) characters long. A few unrelated words make a good one.")
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InputError(field: "passphrase", "A passphrase may not contain control characters.")
        }
        self.value = raw
    }
}

/// Checks for one-line names shown to other people.
enum FreeText {
    static func validate(_ raw: String, field: String, noun: String, length: ClosedRange<Int>) throws(InputError) -> String {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: field, "\(noun) cannot be empty.") }
        guard length.contains(text.count) else {
            throw InputError(field: field, "\(noun) is at most \(length.upperBound) characters long.")
        }
        for scalar in text.unicodeScalars {
            let props = scalar.properties
            if props.generalCategory == .control || props.generalCategory == .format && props.isBidiControl
                || props.generalCategory == .lineSeparator || props.generalCategory == .paragraphSeparator {
                throw InputError(field: field, "\(noun) may not contain control or direction-override characters.")
            }
            if scalar == "<" || scalar == ">" {
                throw InputError(field: field, "\(noun) may not contain < or >.")
            }
        }
        return text
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
