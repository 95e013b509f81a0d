import Crypto
import Foundation
import _CryptoExtras

/// A secret proposal's signing key (RFC 9474, RSABSSA-SHA384-PSS-Deterministic: the tokens it
/// signs are 32 random bytes, so the randomized preparation would add nothing). It signs blinded
/// tokens, one per member, without seeing them; anyone holding the public key checks a token.
public struct BallotKey: Sendable {
    public static let bits = 2048
    static let parameters = _RSA.BlindSigning.Parameters<SHA384>.RSABSSA_SHA384_PSS_Deterministic

    private let key: _RSA.BlindSigning.PrivateKey<SHA384>

    /// A new key; made when a secret proposal opens (a few hundred milliseconds of work).
    public static func generate() throws -> BallotKey {
        BallotKey(key: try _RSA.BlindSigning.PrivateKey(keySize: .bits2048, parameters: parameters))
    }

    public init(privateDER: Data) throws {
        key = try _RSA.BlindSigning.PrivateKey(derRepresentation: privateDER, parameters: Self.parameters)
    }

    private init(key: _RSA.BlindSigning.PrivateKey<SHA384>) { self.key = key }

    public var privateDER: Data { key.derRepresentation }
    public var publicKey: BallotPublicKey { BallotPublicKey(der: key.publicKey.derRepresentation) }

    /// Signs a blinded token. Anything but a number of the modulus's length below it is refused
    /// as malformed, never passed to the signer as something else.
    public func blindSign(_ blinded: Data) throws(InputError) -> Data {
        guard blinded.count == Self.bits / 8 else {
            throw InputError(field: "blinded", "A blinded token is exactly \(Self.bits / 8) bytes.")
        }
        do {
            return try key.blindSignature(for: blinded).rawRepresentation
        } catch {
            throw InputError(field: "blinded", "The blinded token is not a number this key can sign.")
        }
    }
}

/// The public half, as published with the proposal and on its board.
public struct BallotPublicKey: Sendable, Hashable, Codable {
    /// SubjectPublicKeyInfo DER.
    public let der: Data

    public init(der: Data) { self.der = der }

    /// The first 128 bits of SHA-384 of the DER, in hex grouped by four, so that members can
    /// compare it aloud (SHA-384: the page's script already computes it for the signatures).
    public var fingerprint: String {
        let hex = Data(SHA384.hash(data: der).prefix(16)).hexText
        return stride(from: 0, to: hex.count, by: 4).map { start in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: 4)])
        }.joined(separator: " ")
    }

    /// Whether the signature is this key's on the token (RSASSA-PSS, SHA-384, MGF1-SHA-384,
    /// 48-byte salt: what RFC 9474's finalize produces).
    public func isValid(token: Data, signature: Data) -> Bool {
        (try? BallotVerifier(self))?.isValid(token: token, signature: signature) ?? false
    }
}

/// A public key parsed once, for checking many tokens (a board of 100,000).
public struct BallotVerifier: Sendable {
    private let key: _RSA.Signing.PublicKey

    public init(_ publicKey: BallotPublicKey) throws {
        key = try _RSA.Signing.PublicKey(derRepresentation: publicKey.der)
    }

    public func isValid(token: Data, signature: Data) -> Bool {
        guard token.count == BallotToken.length, signature.count == BallotKey.bits / 8 else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA384.hash(data: token), padding: .PSS)
    }
}

/// A voter's token: 32 random bytes their browser makes; signed blind, shown only when casting.
public enum BallotToken {
    public static let length = 32
}
