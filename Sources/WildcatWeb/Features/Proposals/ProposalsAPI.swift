import Foundation
import Hummingbird
import WildcatDomain

/// Proposals and ballots over the JSON API.
struct ProposalsAPI {
    let service: ProposalsService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/proposals", use: list)
        routes.assembly(.post, "/proposals", use: create)
        routes.assembly(.get, "/proposals/{proposal}", use: show)
        routes.assembly(.post, "/proposals/{proposal}/ballot", use: castBallot)
        return routes
    }

    @Sendable func list(_ request: Request, context: AssemblyContext) async throws -> [ProposalJSON] {
        try await service.list(in: context.assembly).map { ProposalJSON($0, rules: context.assembly.rules, result: nil, myBallot: nil) }
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<ProposalCreatedJSON> {
        let body = try await request.decode(as: ProposalRequest.self, context: context)
        let (proposal, link) = try await service.propose(body, in: context.assembly, by: context.account)
        return EditedResponse(status: .created, response: ProposalCreatedJSON(
            proposal: ProposalJSON(proposal, rules: context.assembly.rules, result: nil, myBallot: nil), admissionLink: link))
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> ProposalJSON {
        let proposal = try await service.proposal(try ProposalParameters.proposal(context), in: context.assembly)
        let (result, _) = try await service.result(of: proposal)
        return ProposalJSON(proposal, rules: context.assembly.rules, result: result, myBallot: try await service.myBallot(on: proposal.id, by: context.account))
    }

    @Sendable func castBallot(_ request: Request, context: AssemblyContext) async throws -> BallotAcceptedJSON {
        let id = try ProposalParameters.proposal(context)
        // The draft (to check the ballot against) usually comes from memory; whether the proposal
        // is still open is checked by the vote's own transaction.
        let draft = try await service.draft(of: id, in: context.assembly)
        let ballot = try await request.decode(as: Ballot.self, context: context)
        let (ballots, closed) = try await service.vote(ballot, on: id, draft: draft, in: context.assembly, by: context.account)
        return BallotAcceptedJSON(proposal: id.rawValue, ballot: ballot, ballots: ballots, closed: closed)
    }
}

/// The proposals' path parameter, refused as "not found" when malformed.
enum ProposalParameters {
    static func proposal(_ context: AssemblyContext) throws -> ID<Proposal> {
        guard let id = context.parameters.get("proposal"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }
}
