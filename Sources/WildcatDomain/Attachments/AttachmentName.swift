import Foundation

/// A file's name as the sender's device gave it, kept only to label the download. Anything that
/// could reach outside a folder or hide what the file is, is refused rather than rewritten.
public struct AttachmentName: Sendable, Hashable {
    public static let maxBytes = 120
    public let value: String

    public init(_ raw: String) throws(InputError) {
        let name = raw.precomposedStringWithCanonicalMapping
        guard !name.isEmpty, name.contains(where: { !$0.isWhitespace }) else {
            throw InputError(field: "file", "The file has no name.")
        }
        guard name.utf8.count <= Self.maxBytes else {
            throw InputError(field: "file", "A file's name is at most \(Self.maxBytes) bytes long; rename it and send it again.")
        }
        guard !name.contains("/"), !name.contains("\\"), name != ".", name != ".." else {
            throw InputError(field: "file", "A file's name may not contain / or \\ or be . or ..; rename it and send it again.")
        }
        for scalar in name.unicodeScalars {
            let category = scalar.properties.generalCategory
            // Controls and format characters (direction overrides among them) can make
            // "memo‮fdp.exe" read as "memoexe.pdf".
            if category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator {
                throw InputError(field: "file", "A file's name may not contain control or invisible formatting characters; rename it and send it again.")
            }
        }
        self.value = name
    }

    /// The part after the last dot, lowercased; empty without one.
    public var fileExtension: String {
        guard let dot = value.lastIndex(of: "."), dot != value.startIndex else { return "" }
        return String(value[value.index(after: dot)...]).lowercased()
    }
}
