import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// The one place where membership is checked: every route under an assembly's path passes here.
/// A non-member gets "not found", the same as for an assembly that does not exist, so the
/// existence of other assemblies is not revealed.
struct AssemblyAccessMiddleware: RouterMiddleware {
    typealias Context = MemberContext
    let store: Store
    let cache: AccessCache
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = context.parameters.get("assembly"), id.count <= 64 else { throw Refusal.notFound }
        let now = clock.now()
        let assembly: Assembly
        if let cached = cache.assembly(ID(id), member: context.account.id, now: now) {
            assembly = cached
        } else {
            guard let found = try await store.assembly(ID(id), member: context.account.id) else { throw Refusal.notFound }
            cache.remember(found, member: context.account.id, now: now)
            assembly = found
        }
        var context = context
        context.assembly = assembly
        return try await next(request, context)
    }
}
