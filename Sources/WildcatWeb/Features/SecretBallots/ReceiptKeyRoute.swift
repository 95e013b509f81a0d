import Crypto
import Foundation
import Hummingbird
import NIOCore
import WildcatDomain

/// `GET /.well-known/wildcat-receipts`: the public key that signs secret ballots' receipts, for
/// anyone to check one with (`wildcat verify-board --receipt`). Boards name it too.
struct ReceiptKeyRoute {
    let keys: InstanceKeys
    static let path = "/.well-known/wildcat-receipts"

    struct KeyJSON: Encodable {
        let algorithm = "Ed25519"
        /// base64url of the key's 32 raw bytes.
        let key: String
    }

    static func publicKey(_ keys: InstanceKeys) throws -> String {
        try keys.receiptKey().publicKey.rawRepresentation.base64URL
    }

    @Sendable func show(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try JSONEncoder().encode(KeyJSON(key: try Self.publicKey(keys)))
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
