import Crypto
import Foundation
import NIOConcurrencyHelpers
import WildcatStore

/// The server's secret keys, shared by every node through the database and loaded before the
/// server starts taking requests.
final class InstanceKeys: Sendable {
    private let secret = NIOLockedValueBox<[UInt8]?>(nil)

    init() {}

    /// For tests: keys known up front.
    init(secret: [UInt8]) { self.secret.withLockedValue { $0 = secret } }

    func load(from store: Store) async throws {
        let loaded = Array(try await store.instanceSecret().utf8)
        secret.withLockedValue { $0 = loaded }
    }

    /// HMAC-SHA256 of `message` under the instance secret.
    func mac(_ message: String) -> [UInt8] {
        guard let key = secret.withLockedValue({ $0 }) else { preconditionFailure("instance keys used before the server started") }
        return Array(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key)))
    }
}
