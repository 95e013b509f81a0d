import Foundation
import Hummingbird
import NIOCore
import WildcatDomain

/// Reads a form (`application/x-www-form-urlencoded`) into a `Decodable` request type with
/// Hummingbird's `URLEncodedFormDecoder`, the same types the JSON API decodes. As browsers send
/// forms: the body must be UTF-8, and a field left empty counts as not given (so an empty number
/// field takes its default instead of failing). Anything unreadable is an `InputError` naming
/// the field.
enum FormDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try decode(type, from: try await request.body.collect(upTo: context.maxUploadSize))
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw InputError(field: "form", "The form was not sent as UTF-8 text.")
        }
        let pairs = text.split(separator: "&")
        // Hummingbird's decoder would replace bytes that are not UTF-8 once percent-decoded; refuse them.
        for pair in pairs where pair.split(separator: "=", omittingEmptySubsequences: false).contains(where: { !percentDecodesToUTF8($0) }) {
            throw InputError(field: "form", "The form contains text that is not valid UTF-8.")
        }
        let given = pairs.filter { pair in
            guard let equals = pair.firstIndex(of: "=") else { return false }
            return pair.index(after: equals) != pair.endIndex
        }.joined(separator: "&")
        do {
            return try URLEncodedFormDecoder().decode(type, from: given)
        } catch let error as DecodingError {
            throw Self.inputError(error)
        } catch let error as URLEncodedFormError {
            throw InputError(field: "form", error.code == .duplicateKeys ? "A field was sent twice: \(error.value.prefix(40))." : "The form could not be read.")
        }
    }

    /// The anti-forgery field of a form, without decoding the rest.
    static func field(_ name: String, in buffer: ByteBuffer) -> String? {
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else { return nil }
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == name { return parts.count > 1 ? String(parts[1]).removingPercentEncoding : "" }
        }
        return nil
    }

    private static func percentDecodesToUTF8(_ part: Substring) -> Bool {
        var bytes: [UInt8] = []
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return false }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func inputError(_ error: DecodingError) -> InputError {
        func name(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let field = name(context.codingPath + [key])
            return InputError(field: field, "Fill in \(field).")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = name(context.codingPath)
            let expected = type == Int.self ? "a whole number" : type == Bool.self ? "yes or no" : "a valid value"
            return InputError(field: field, "\(field.isEmpty ? "A field" : field) must be \(expected).")
        case .dataCorrupted(let context):
            let field = name(context.codingPath)
            return InputError(field: field, "\(field.isEmpty ? "A field" : field) has a value that is not allowed.")
        @unknown default:
            return InputError(field: "form", "The form could not be read.")
        }
    }
}

extension KeyedDecodingContainer {
    /// A text field, empty when absent: a form leaves out an empty field, and the domain's own
    /// validation then says what is wrong ("Choose a pseudonym.") rather than "field missing".
    func text(_ key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? ""
    }
}
