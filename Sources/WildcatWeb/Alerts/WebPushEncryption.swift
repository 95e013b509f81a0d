import Crypto
import Foundation

/// Message encryption for Web Push (RFC 8291), in the "aes128gcm" content coding (RFC 8188):
/// only the browser that subscribed can read what the push service carries. Built from
/// swift-crypto's P-256, HKDF-SHA-256 and AES-128-GCM; nothing of our own but the composition.
enum WebPushEncryption {
    enum Failure: Error, Equatable {
        /// The subscription's public key is not a P-256 point, or its auth secret is not 16 bytes.
        case badSubscriptionKey
        /// More than one record's worth (the push services' limit is 4,096 bytes).
        case tooLong
    }

    /// One record carries it all: push services accept at most 4,096 bytes of body.
    static let recordSize: UInt32 = 4096
    /// Header (86 bytes) and tag (16) and the delimiter (1) leave this much for the message.
    static let maxPlaintext = Int(recordSize) - 86 - 16 - 1

    /// Whether `key` is a P-256 public key in uncompressed form (what a subscription gives).
    static func checkKey(_ key: [UInt8]) throws {
        guard key.count == 65, (try? P256.KeyAgreement.PublicKey(x963Representation: key)) != nil else { throw Failure.badSubscriptionKey }
    }

    /// Encrypts `plaintext` for the subscription whose public key is `userAgentPublicKey` (65
    /// bytes, uncompressed) and whose auth secret is `authSecret` (16 bytes). The sender's key
    /// and the salt are fresh for every message; the tests fix them to RFC 8291's Appendix A.
    static func encrypt(_ plaintext: [UInt8], userAgentPublicKey: [UInt8], authSecret: [UInt8],
                        senderKey: P256.KeyAgreement.PrivateKey = P256.KeyAgreement.PrivateKey(),
                        salt: [UInt8] = Array(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })) throws -> [UInt8] {
        guard plaintext.count <= maxPlaintext else { throw Failure.tooLong }
        guard authSecret.count == 16, salt.count == 16,
              let userAgent = try? P256.KeyAgreement.PublicKey(x963Representation: userAgentPublicKey) else { throw Failure.badSubscriptionKey }
        let senderPublic = Array(senderKey.publicKey.x963Representation)
        let shared = try senderKey.sharedSecretFromKeyAgreement(with: userAgent)
        // IKM = HKDF(auth secret, ECDH secret, "WebPush: info" ‖ 0 ‖ ua_public ‖ as_public, 32)
        let keyInfo = Array("WebPush: info".utf8) + [0] + userAgentPublicKey + senderPublic
        let ikm = shared.withUnsafeBytes { secret in
            HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: authSecret, info: keyInfo, outputByteCount: 32)
        }
        let contentKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: aes128gcm".utf8) + [0],
                                                outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        // The last (and only) record ends with the delimiter 2, and no padding.
        let sealed = try AES.GCM.seal(plaintext + [2], using: contentKey, nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }))
        var header = salt
        withUnsafeBytes(of: recordSize.bigEndian) { header.append(contentsOf: $0) }
        header.append(UInt8(senderPublic.count))
        header += senderPublic
        return header + Array(sealed.ciphertext) + Array(sealed.tag)
    }
}
