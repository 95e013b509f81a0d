import Crypto
import Foundation

/// A random bearer secret (invite link, session cookie): 256 bits, URL-safe text. Only its
/// SHA-256 hash is stored, so a copy of the database does not let anyone in.
public struct SecretToken: Sendable, Hashable {
    public let value: String

    public init(value: String) { self.value = value }

    /// A new token from the system's cryptographic random source.
    public static func generate() -> SecretToken {
        SecretToken(value: RandomText.base64URL(bytes: 32))
    }

    /// Hex SHA-256 of the token: what the database keeps.
    public var hash: String { Self.hash(value) }

    public static func hash(_ value: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(value.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A plausible shape check, to refuse garbage before touching the database.
    public static func looksValid(_ value: String) -> Bool {
        value.utf8.count == 43 && value.utf8.allSatisfy { RandomText.base64URLAlphabet.contains($0) }
    }
}

/// Random identifiers and secrets.
enum RandomText {
    static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func bytes(_ count: Int) -> [UInt8] {
        // SystemRandomNumberGenerator is the OS's cryptographic source (getrandom on Linux).
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }

    static func base64URL(bytes count: Int) -> String {
        Data(bytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// 128 random bits as 26 lowercase base32 characters: an opaque id for URLs.
    static func identifier() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bits = 0, value = 0
        var out = ""
        for byte in bytes(16) {
            value = ((value << 8) | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(value << (5 - bits)) & 31]) }
        return out
    }
}
