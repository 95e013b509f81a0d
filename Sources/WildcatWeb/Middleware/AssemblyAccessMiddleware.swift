import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// The one place where membership is checked: every route under an assembly's path passes here.
/// A non-member gets "not found", the same as for an assembly that does not exist, so the
/// existence of other assemblies is not revealed. A member of an assembly observes its
/// committees: they read (the channel too, unless it is private) and change nothing.
struct AssemblyAccessMiddleware: RouterMiddleware {
    typealias Context = MemberContext
    let store: Store
    let cache: AccessCache
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = context.parameters.get("assembly"), id.count <= 64 else { throw Refusal.notFound }
        let now = clock.now()
        let assembly: Assembly
        let access: Permissions.Access
        if let cached = cache.assembly(ID(id), member: context.account.id, now: now) {
            (assembly, access) = cached
        } else {
            guard let found = try await store.access(to: ID(id), for: context.account.id) else { throw Refusal.notFound }
            cache.remember(found.0, access: found.1, member: context.account.id, now: now)
            (assembly, access) = found
        }
        if access == .observer, request.method != .get, request.method != .head { throw Refusal.notPermitted(.onlyDelegates) }
        var context = context
        context.assembly = assembly
        context.access = access
        return try await next(request, context)
    }
}
