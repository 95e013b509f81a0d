import Crypto
import Foundation
import Hummingbird
import HummingbirdTLS
import NIOConcurrencyHelpers
import NIOSSL

/// The benchmark's push service: HTTPS, answers 201, and decrypts every push (RFC 8291) with the
/// keys of the subscription it was sent to, counting what arrived whole.
final class TestPushService: Sendable {
    struct Subscriber: Sendable {
        let key: Data          // P-256 private key, raw
        let auth: [UInt8]
    }

    let subscribers: [Subscriber]
    let delivered = NIOLockedValueBox(0)
    let undecryptable = NIOLockedValueBox(0)
    let firstAndLast = NIOLockedValueBox<(ContinuousClock.Instant?, ContinuousClock.Instant?)>((nil, nil))

    init(count: Int) {
        subscribers = (0..<count).map { _ in
            Subscriber(key: P256.KeyAgreement.PrivateKey().rawRepresentation, auth: (0..<16).map { _ in UInt8.random(in: 0...255) })
        }
    }

    func publicKey(_ index: Int) -> [UInt8] {
        Array(try! P256.KeyAgreement.PrivateKey(rawRepresentation: subscribers[index].key).publicKey.x963Representation)
    }

    func application(port: Int, cert: String, key: String) throws -> some ApplicationProtocol {
        let router = Router()
        router.post("/p/{index}") { request, context -> HTTPResponse.Status in
            guard let index = context.parameters.get("index", as: Int.self), self.subscribers.indices.contains(index) else { return .notFound }
            let body = try await request.body.collect(upTo: 8192)
            let ok = (try? self.decrypt(Array(body.readableBytesView), for: self.subscribers[index])) != nil
            let now = ContinuousClock.now
            if ok {
                self.delivered.withLockedValue { $0 += 1 }
                self.firstAndLast.withLockedValue { $0 = ($0.0 ?? now, now) }
            } else {
                self.undecryptable.withLockedValue { $0 += 1 }
            }
            return .created
        }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
                                                           privateKey: .file(key))
        return Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls),
                           configuration: .init(address: .hostname("127.0.0.1", port: port)))
    }

    func decrypt(_ body: [UInt8], for subscriber: Subscriber) throws -> [UInt8] {
        let salt = Array(body[0..<16])
        let keyLength = Int(body[20])
        let sender = Array(body[21..<(21 + keyLength)])
        let ciphertext = Array(body[(21 + keyLength)...])
        let key = try P256.KeyAgreement.PrivateKey(rawRepresentation: subscriber.key)
        let shared = try key.sharedSecretFromKeyAgreement(with: try P256.KeyAgreement.PublicKey(x963Representation: sender))
        let info = Array("WebPush: info".utf8) + [0] + Array(key.publicKey.x963Representation) + sender
        let ikm = shared.withUnsafeBytes { HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: $0), salt: subscriber.auth, info: info, outputByteCount: 32) }
        let cek = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Array("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        let box = try AES.GCM.SealedBox(nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }),
                                        ciphertext: ciphertext.dropLast(16), tag: ciphertext.suffix(16))
        let plain = Array(try AES.GCM.open(box, using: cek))
        guard plain.last == 2 else { throw CryptoKitError.incorrectParameterSize }
        return plain
    }
}

func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}
