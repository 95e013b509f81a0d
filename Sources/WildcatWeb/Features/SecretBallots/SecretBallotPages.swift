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

    @Sendable func keyInfo(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            return try Self.json(try await service.keyInfo(proposal, for: context.account))
        } catch { return try Self.problem(error) }
    }

    @Sendable func token(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            guard context.access == .member else { throw Refusal.notFound }
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            let body = try await Self.decode(SecretBallotService.TokenRequest.self, request, context: context)
            return try Self.json(try await service.issue(body, on: proposal, in: context.assembly, to: context.account))
        } catch { return try Self.problem(error) }
    }

    @Sendable func board(_ request: Request, context: AssemblyContext) async throws -> Response {
        do {
            let proposal = try await service.proposal(try Self.proposalID(context), in: context.assembly)
            var response = try Self.json(try await service.board(of: proposal))
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
