/// Checks for one-line texts shown to other people: names, titles, options.
enum FreeText {
    static func validate(_ raw: String, field: String, noun: String, length: ClosedRange<Int>) throws(InputError) -> String {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw InputError(field: field, "\(noun) cannot be empty.") }
        // Counted as people see it (characters), and as sent (code points, what the API's
        // schema counts): a name cannot grow past its limit with combining marks.
        guard length.contains(text.count), raw.unicodeScalars.count <= length.upperBound else {
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
    /// The text without leading and trailing whitespace (Unicode's definition).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
