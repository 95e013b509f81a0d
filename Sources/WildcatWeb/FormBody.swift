import Foundation
import Hummingbird
import NIOCore
import WildcatDomain

/// A decoded `application/x-www-form-urlencoded` body. Strict: bytes that are not UTF-8 after
/// percent-decoding are refused rather than guessed at.
struct FormBody: Sendable {
    private var fields: [String: String] = [:]

    /// Names of fields present.
    var names: Set<String> { Set(fields.keys) }

    init(_ buffer: ByteBuffer) throws(InputError) {
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw InputError(field: "body", "The form was not sent as UTF-8 text.")
        }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw InputError(field: "body", "The form contains text that is not valid UTF-8.")
            }
            // First value wins: a repeated field cannot override the one the page sent.
            if fields[name] == nil { fields[name] = value }
        }
    }

    /// Reads the request's body as a form.
    static func read(_ request: Request, context: some RequestContext) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try FormBody(buffer)
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// The field, or an empty string when absent (validation then explains what is missing).
    func text(_ name: String) -> String { fields[name] ?? "" }

    /// An optional whole number; a present but malformed one is an error for `field`.
    func integer(_ name: String) throws(InputError) -> Int? {
        guard let raw = fields[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let value = Int(raw) else { throw InputError(field: name, "\(name) must be a whole number.") }
        return value
    }

    private static func decode(_ part: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
