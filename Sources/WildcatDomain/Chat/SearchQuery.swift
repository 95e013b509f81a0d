/// What a member searches for, as words: letters and digits only, so that nothing typed can be
/// read as a search engine's syntax (quotes, `OR`, `NEAR`, `*`, `:`, parentheses are spaces
/// here). Every word must match; the last, if three letters or more, as the start of a word
/// ("ines strik" finds "Inès strikes", as one types). A short prefix ("a") would match half
/// the language, and cost as much.
public struct SearchQuery: Sendable, Hashable {
    public static let length = 1...200
    public static let maxWords = 8

    public let words: [String]

    public init(_ raw: String) throws(InputError) {
        guard raw.count <= Self.length.upperBound, raw.unicodeScalars.count <= 4 * Self.length.upperBound else {
            throw InputError(field: "q", "Search for at most \(Self.length.upperBound) characters.")
        }
        var words: [String] = []
        var current = ""
        for scalar in raw.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { throw InputError(field: "q", "Type a word to search for.") }
        guard words.count <= Self.maxWords else { throw InputError(field: "q", "Search for at most \(Self.maxWords) words at once.") }
        self.words = words
    }

    /// Whether the word at `index` matches as the start of longer words.
    public func isPrefix(_ index: Int) -> Bool { index == words.count - 1 && words[index].count >= 3 }
}
