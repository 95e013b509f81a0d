import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import WildcatDomain
import _CryptoExtras

/// What an API client does to cast a secret ballot: take a token blind over the API (swift-crypto
/// blinds and unblinds, as `ballot.js` does in a page), then cast it with no credentials.
extension APIClient {
    /// The cast's status and answer (the receipt when 201); the token's status when refused before.
    func castSecret(_ ballot: [String: Any], assembly: String, proposal: String) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        let info = try await call(.get, "/assemblies/\(assembly)/proposals/\(proposal)/secret")
        guard info.status == .ok, let der = (info.object["key"] as? String).flatMap({ Data(base64Encoded: $0) }) else { return (info.status, info.object) }
        let key = try _RSA.BlindSigning.PublicKey<SHA384>(derRepresentation: der, parameters: .RSABSSA_SHA384_PSS_Deterministic)
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let prepared = key.prepare(token)
        let blinded = try key.blind(prepared)
        let reply = try await call(.post, "/assemblies/\(assembly)/proposals/\(proposal)/token", ["blinded": blinded.blindedMessage.base64URL])
        guard reply.status == .ok, let answer = (reply.object["blindSignature"] as? String).flatMap(Data.init(base64URL:)) else {
            return (reply.status, reply.object)
        }
        let signature = try key.finalize(_RSA.BlindSigning.BlindSignature(rawRepresentation: answer), for: prepared, blindingInverse: blinded.inverse)
        let body = try JSONSerialization.data(withJSONObject: ["token": token.base64URL, "signature": signature.rawRepresentation.base64URL, "ballot": ballot])
        let cast = try await client.execute(uri: "/cast/\(proposal)", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
        return (cast.status, (try? JSONSerialization.jsonObject(with: Data(buffer: cast.body))) as? [String: Any] ?? [:])
    }
}
