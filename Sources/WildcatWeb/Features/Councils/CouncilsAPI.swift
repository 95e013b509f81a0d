import Foundation
import Hummingbird
import WildcatDomain

/// Councils and solidarity calls over the JSON API. A council is itself an assembly: its
/// channels, proposals and audit log are under `/assemblies/{council}`, read-only for the
/// members of its assemblies who are not delegates.
struct CouncilsAPI {
    let service: CouncilsService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/councils", use: councils)
        routes.assembly(.get, "/calls", use: calls)
        return routes
    }

    @Sendable func councils(_ request: Request, context: AssemblyContext) async throws -> [CouncilJSON] {
        try await service.councils(of: context.assembly).map(CouncilJSON.init)
    }

    /// Calls the assembly sent or received; for a council, those sent through it.
    @Sendable func calls(_ request: Request, context: AssemblyContext) async throws -> [CallJSON] {
        let calls = context.assembly.kind == .council ? try await service.calls(through: context.assembly) : try await service.calls(involving: context.assembly)
        return calls.map(CallJSON.init)
    }
}
