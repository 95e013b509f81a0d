import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WildcatDomain
import WildcatStore

/// What a secret proposal's page script asks for, signed in: the key, a token, the board. JSON
/// in and out; the anti-forgery token travels in the `X-CSRF-Token` header.
struct SecretBallotPages {
    let service: SecretBallotService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/p/{proposal}/secret", use: keyInfo)
        routes.assembly(.post, "/p/{proposal}/token", use: token)
        routes.assembly(.get, "/p/{proposal}/board.json", use: board)
        return routes
    }

    struct KeyJSON: Encodable {
        let proposal: String
        /// base64 of the public key's DER.
        let key: String
        let fingerprint: String
        let open: Bool
        let tokenTaken: Bool
    }

    @Sendable func keyInfo(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            let (key, _) = try await service.key(for: proposal)
            let taken = try await service.store.hasToken(proposal.id, member: context.account.id)
            return try Self.json(KeyJSON(proposal: proposal.id.rawValue, key: key.der.base64EncodedString(), fingerprint: key.fingerprint,
                                         open: proposal.isOpen, tokenTaken: taken))
        } catch { return try Self.problem(error) }
    }

    struct TokenRequest: Decodable { let blinded: String }
    struct TokenJSON: Encodable { let blindSignature: String }

    @Sendable func token(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            guard context.access == .member else { throw Refusal.notFound }
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            let body = try await Self.decode(TokenRequest.self, request, context: context)
            guard let blinded = Data(base64URL: body.blinded) else { throw InputError(field: "blinded", "The blinded token is not base64url.") }
            let signature = try await service.issue(blinded: blinded, on: proposal, in: context.assembly, to: context.account)
            return try Self.json(TokenJSON(blindSignature: signature.base64URL))
        } catch { return try Self.problem(error) }
    }

    @Sendable func board(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            guard var board = try await service.store.board(proposal) else { throw Refusal.notFound }
            board.receiptKey = try ReceiptKeyRoute.publicKey(service.environment.keys)
            var response = try Self.json(board)
            response.headers[.contentDisposition] = "attachment; filename=\"board-\(proposal.id).json\""
            return response
        } catch { return try Self.problem(error) }
    }

    static func proposalID(_ context: AssemblyContext) throws -> ID<Proposal> {
        guard let id = context.parameters.get("proposal"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, context: some RequestContext) async throws -> T {
        let body = try await request.body.collect(upTo: Limits.requestBodyBytes)
        do { return try JSONDecoder().decode(type, from: Data(body.readableBytesView)) } catch {
            throw InputError(field: "body", "The request is not the JSON this route reads.")
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// Refusals as problem documents (the script shows their words), anything else as a page error.
    static func problem(_ error: any Error) throws -> Response {
        if error is InputError || error is Refusal { return Problem(error).jsonResponse() }
        throw error
    }
}

/// `POST /cast/{proposal}`: the anonymous route. It sits outside every session middleware: it
/// reads no cookie and sets none, keeps no address, and is left out of the request log.
struct CastRoute {
    let service: SecretBallotService
    static let path = "/cast/{proposal}"

    struct CastRequest: Decodable {
        let token: String
        let signature: String
        let ballot: Ballot
    }

    @Sendable func cast(_ request: Request, context: some RequestContext) async throws -> Response {
        do {
            guard let raw = context.parameters.get("proposal"), raw.count <= 64 else { throw Refusal.notFound }
            let body = try await SecretBallotPages.decode(CastRequest.self, request, context: context)
            guard let token = Data(base64URL: body.token), token.count == BallotToken.length else {
                throw InputError(field: "token", "A token is 32 bytes, base64url.")
            }
            guard let signature = Data(base64URL: body.signature) else { throw InputError(field: "signature", "The signature is not base64url.") }
            let entry = try await service.cast(on: ID(raw), token: token, signature: signature, ballot: body.ballot)
            let receipt = try Receipt.sign(proposal: ID(raw), entry: entry, with: try service.environment.keys.receiptKey())
            return try SecretBallotPages.json(receipt, status: .created)
        } catch { return try SecretBallotPages.problem(error) }
    }
}
