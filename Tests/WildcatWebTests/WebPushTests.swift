import Crypto
import Foundation
import Testing
@testable import WildcatWeb

/// Web Push's message encryption (RFC 8291) and server identification (RFC 8292).
@Suite("Web push")
struct WebPushTests {
    // RFC 8291, Appendix A: published test data.
    let plaintext = Array("When I grow up, I want to be a watermelon".utf8)
    let senderPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
    let senderPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    let userAgentPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
    let userAgentPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    let authSecret = "BTBZMqHH6r4Tts7J_aSIgg"
    let salt = "DGv6ra1nlYgDCS1FRnbzlw"
    let body = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
        + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"

    private func bytes(_ text: String) throws -> [UInt8] { try #require(Base64URL.decode(text)) }

    @Test func theEncryptionMatchesRFC8291AppendixAByteForByte() throws {
        let sender = try P256.KeyAgreement.PrivateKey(rawRepresentation: try bytes(senderPrivate))
        #expect(Array(sender.publicKey.x963Representation) == (try bytes(senderPublic)))
        let encrypted = try WebPushEncryption.encrypt(plaintext, userAgentPublicKey: try bytes(userAgentPublic), authSecret: try bytes(authSecret),
                                                      senderKey: sender, salt: try bytes(salt))
        #expect(Base64URL.encode(encrypted) == body)
    }

    @Test func theBrowserCanReadItAndNobodyElse() throws {
        // Decrypted here as a browser would (RFC 8291 §3.4, independently of the sender's code).
        let encrypted = try WebPushEncryption.encrypt(plaintext, userAgentPublicKey: try bytes(userAgentPublic), authSecret: try bytes(authSecret))
        #expect(encrypted.count == 86 + plaintext.count + 1 + 16)
        let auth = try bytes(authSecret)
        func open(_ message: [UInt8], with privateKey: String) throws -> [UInt8] {
            let salt = Array(message[0..<16]), keyLength = Int(message[20]), senderKey = Array(message[21..<(21 + keyLength)])
            let me = try P256.KeyAgreement.PrivateKey(rawRepresentation: try bytes(privateKey))
            let shared = try me.sharedSecretFromKeyAgreement(with: try P256.KeyAgreement.PublicKey(x963Representation: senderKey))
            let info = Array("WebPush: info".utf8) + [0] + Array(me.publicKey.x963Representation) + senderKey
            let ikm = shared.withUnsafeBytes { HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: $0), salt: auth, info: info, outputByteCount: 32) }
            let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
            let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
            let record = Array(message[(21 + keyLength)...])
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }),
                                            ciphertext: record.dropLast(16), tag: record.suffix(16))
            return Array(try AES.GCM.open(box, using: key))
        }
        #expect(try open(encrypted, with: userAgentPrivate) == plaintext + [2])
        // Another browser's key opens nothing; a flipped byte is refused.
        #expect(throws: (any Error).self) { try open(encrypted, with: senderPrivate) }
        var tampered = encrypted
        tampered[tampered.count - 1] ^= 0x40
        #expect(throws: (any Error).self) { try open(tampered, with: userAgentPrivate) }
    }

    @Test func badKeysAndLongMessagesAreRefused() throws {
        #expect(throws: WebPushEncryption.Failure.badSubscriptionKey) {
            try WebPushEncryption.encrypt(plaintext, userAgentPublicKey: Array(try bytes(userAgentPublic).dropLast()), authSecret: try bytes(authSecret))
        }
        #expect(throws: WebPushEncryption.Failure.badSubscriptionKey) {
            try WebPushEncryption.encrypt(plaintext, userAgentPublicKey: try bytes(userAgentPublic), authSecret: Array(try bytes(authSecret).dropLast()))
        }
        let longest = [UInt8](repeating: 65, count: WebPushEncryption.maxPlaintext)
        #expect(try WebPushEncryption.encrypt(longest, userAgentPublicKey: try bytes(userAgentPublic), authSecret: try bytes(authSecret)).count == 4096)
        #expect(throws: WebPushEncryption.Failure.tooLong) {
            try WebPushEncryption.encrypt(longest + [65], userAgentPublicKey: try bytes(userAgentPublic), authSecret: try bytes(authSecret))
        }
    }

    @Test func theVapidTokenIsSignedForThePushServiceAndExpiresWithinADay() throws {
        let key = P256.Signing.PrivateKey()
        let signer = VapidSigner(key: key, subject: "mailto:operator@wildcat.example")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let header = try signer.authorization(for: try #require(URL(string: "https://push.example.net:8443/send/abc?x=1")), now: now)
        let match = try #require(header.firstMatch(of: /^vapid t=([^.]+)\.([^.]+)\.([^,]+), k=(.+)$/))
        let publicKey = try bytes(signer.publicKey)
        #expect(String(match.4) == signer.publicKey && publicKey.count == 65)
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(try bytes(String(match.2)))) as? [String: Any])
        #expect(claims["aud"] as? String == "https://push.example.net:8443")
        #expect(claims["exp"] as? Int == 1_800_000_000 + 12 * 3600 && claims["sub"] as? String == "mailto:operator@wildcat.example")
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: try bytes(String(match.3)))
        #expect(key.publicKey.isValidSignature(signature, for: Data("\(match.1).\(match.2)".utf8)))
        #expect(!P256.Signing.PrivateKey().publicKey.isValidSignature(signature, for: Data("\(match.1).\(match.2)".utf8)))
    }
}
