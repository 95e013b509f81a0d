import Foundation
import Hummingbird
import WildcatDomain

/// Committees and recall petitions over the JSON API. A committee is itself an assembly: its
/// channels, proposals and audit log are under `/assemblies/{committee}`, read-only for the
/// members of its assembly who are not delegates.
struct CommitteesAPI {
    let service: CommitteesService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/committees", use: committees)
        routes.assembly(.get, "/petitions", use: petitions)
        routes.assembly(.post, "/petitions", use: petition)
        routes.assembly(.post, "/petitions/{petition}/signatures", use: sign)
        return routes
    }

    @Sendable func committees(_ request: Request, context: AssemblyContext) async throws -> [CommitteeJSON] {
        try await service.committees(of: context.assembly).map(CommitteeJSON.init)
    }

    @Sendable func petitions(_ request: Request, context: AssemblyContext) async throws -> [PetitionJSON] {
        let needed = try await service.signaturesNeeded(in: context.assembly)
        return try await service.openPetitions(in: context.assembly).map { PetitionJSON($0, needed: needed) }
    }

    /// Opens a petition to recall a delegate, or signs the one already open.
    @Sendable func petition(_ request: Request, context: AssemblyContext) async throws -> EditedResponse<PetitionJSON> {
        let body = try await request.decode(as: PetitionRequest.self, context: context)
        let (petition, _) = try await service.petition(to: ID(body.delegate), from: ID(body.committee), reason: body.reason ?? "",
                                                        in: context.assembly, by: context.account)
        return EditedResponse(status: .created, response: PetitionJSON(petition, needed: try await service.signaturesNeeded(in: context.assembly)))
    }

    @Sendable func sign(_ request: Request, context: AssemblyContext) async throws -> PetitionJSON {
        guard let id = context.parameters.get("petition"), id.count <= 64 else { throw Refusal.notFound }
        let (petition, _) = try await service.sign(ID(id), in: context.assembly, by: context.account)
        return PetitionJSON(petition, needed: try await service.signaturesNeeded(in: context.assembly))
    }
}
