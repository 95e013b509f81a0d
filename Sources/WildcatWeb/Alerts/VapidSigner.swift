import Crypto
import Foundation

/// Voluntary application server identification for Web Push (RFC 8292): a short-lived JWT, signed
/// with ES256 by this server's VAPID key, that tells the push service who sends; the push service
/// gives the same key to the browser when it subscribes, so nobody else can push to it.
struct VapidSigner: Sendable {
    /// The private key's raw 32 bytes (swift-crypto's key type is not `Sendable`).
    private let privateKey: Data
    /// Who to contact about this server's pushes ("mailto:…" or an https URL), as RFC 8292 asks.
    let subject: String
    /// The public key a page passes to `pushManager.subscribe` (base64url, uncompressed point).
    let publicKey: String

    init(key: P256.Signing.PrivateKey, subject: String) {
        privateKey = key.rawRepresentation
        self.subject = subject
        publicKey = Base64URL.encode(Array(key.publicKey.x963Representation))
    }

    /// `Authorization: vapid t=…, k=…` for a push to `endpoint`, valid 12 hours from `now`
    /// (RFC 8292 allows at most 24).
    func authorization(for endpoint: URL, now: Date) throws -> String {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { throw URLError(.badURL) }
        let audience = "\(scheme)://\(host)" + (endpoint.port.map { ":\($0)" } ?? "")
        let header = Base64URL.encode(Array(#"{"typ":"JWT","alg":"ES256"}"#.utf8))
        let claims: [String: Any] = ["aud": audience, "exp": Int(now.timeIntervalSince1970) + 12 * 3600, "sub": subject]
        let payload = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])))
        let signingInput = header + "." + payload
        // ES256 in a JWT is the raw r ‖ s, 64 bytes (RFC 7518 §3.4).
        let signature = try P256.Signing.PrivateKey(rawRepresentation: privateKey).signature(for: Data(signingInput.utf8)).rawRepresentation
        return "vapid t=\(signingInput).\(Base64URL.encode(Array(signature))), k=\(publicKey)"
    }
}

/// base64url without padding (RFC 4648 §5), as Web Push writes keys and tokens.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
