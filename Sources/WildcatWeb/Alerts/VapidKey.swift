import Crypto
import Foundation
import NIOConcurrencyHelpers
import WildcatStore

/// The server's VAPID key pair (RFC 8292), made once and shared by every node through the
/// database, loaded before the server takes requests.
final class VapidKey: Sendable {
    private let signer = NIOLockedValueBox<VapidSigner?>(nil)
    let subject: String

    init(subject: String) { self.subject = subject }

    /// For tests: a key known up front.
    init(key: P256.Signing.PrivateKey, subject: String) {
        self.subject = subject
        signer.withLockedValue { $0 = VapidSigner(key: key, subject: subject) }
    }

    func load(from store: Store) async throws {
        let raw = try await store.instanceValue("vapid") { Base64URL.encode(Array(P256.Signing.PrivateKey().rawRepresentation)) }
        guard let bytes = Base64URL.decode(raw), let key = try? P256.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw MailKeyError(path: "instance setting vapid")
        }
        let subject = self.subject
        signer.withLockedValue { $0 = VapidSigner(key: key, subject: subject) }
    }

    var current: VapidSigner {
        guard let signer = signer.withLockedValue({ $0 }) else { preconditionFailure("VAPID key used before the server started") }
        return signer
    }
}
