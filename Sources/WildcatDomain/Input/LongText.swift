import Foundation

/// Checks for texts of several lines (an agenda, minutes, an action's details): line breaks
/// allowed, control and direction-override characters not, as in chat messages.
enum LongText {
    static func validate(_ raw: String, field: String, noun: String, length: ClosedRange<Int>) throws(InputError) -> String {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmingWhitespace()
        if text.isEmpty {
            guard length.lowerBound == 0 else { throw InputError(field: field, "\(noun) cannot be empty.") }
            return ""
        }
        guard text.count <= length.upperBound, raw.unicodeScalars.count <= length.upperBound else {
            throw InputError(field: field, "\(noun) is at most \(length.upperBound) characters long.")
        }
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            if scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                throw InputError(field: field, "\(noun) may not contain control or direction-override characters.")
            }
        }
        return text
    }
}
