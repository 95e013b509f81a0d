import Foundation
import Hummingbird
import WildcatDomain

/// Secret ballots over the JSON API: the key, a blind-signed token, the board. The ballot itself
/// is cast on `POST /cast/{proposal}` (`CastRoute`), which takes no credentials at all.
struct SecretBallotsAPI {
    let service: SecretBallotService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/proposals/{proposal}/secret", use: key)
        routes.assembly(.post, "/proposals/{proposal}/token", use: token)
        routes.assembly(.get, "/proposals/{proposal}/board", use: board)
        return routes
    }

    @Sendable func key(_ request: Request, context: AssemblyContext) async throws -> SecretBallotService.KeyJSON {
        let proposal = try await service.proposal(try ProposalParameters.proposal(context), in: context.assembly)
        return try await service.keyInfo(proposal, for: context.account)
    }

    @Sendable func token(_ request: Request, context: AssemblyContext) async throws -> SecretBallotService.TokenJSON {
        guard context.access == .member else { throw Refusal.notFound }
        let proposal = try await service.proposal(try ProposalParameters.proposal(context), in: context.assembly)
        let body = try await request.decode(as: SecretBallotService.TokenRequest.self, context: context)
        return try await service.issue(body, on: proposal, in: context.assembly, to: context.account)
    }

    @Sendable func board(_ request: Request, context: AssemblyContext) async throws -> SecretBallotService.BoardJSON {
        let proposal = try await service.proposal(try ProposalParameters.proposal(context), in: context.assembly)
        return try await service.board(of: proposal)
    }
}
