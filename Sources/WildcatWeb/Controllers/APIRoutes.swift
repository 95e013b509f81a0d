import HTTPTypes
import Hummingbird

/// Registers API routes and remembers each (method, path), so a test can check that the served
/// OpenAPI document describes exactly the routes that exist.
struct APIRoutes {
    static let prefix = "/api/v1"
    let open: RouterGroup<AppRequestContext>
    let members: RouterGroup<MemberContext>
    let assemblies: RouterGroup<AssemblyContext>
    private(set) var recorded: [(method: HTTPRequest.Method, path: String)] = []

    mutating func open<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                  use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output) {
        open.on(RouterPath(path), method: method, use: handler)
        recorded.append((method, Self.prefix + path))
    }

    mutating func member<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                    use handler: @escaping @Sendable (Request, MemberContext) async throws -> Output) {
        members.on(RouterPath(path), method: method, use: handler)
        recorded.append((method, Self.prefix + path))
    }

    mutating func assembly<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                      use handler: @escaping @Sendable (Request, AssemblyContext) async throws -> Output) {
        assemblies.on(RouterPath(path), method: method, use: handler)
        recorded.append((method, Self.prefix + "/assemblies/{assembly}" + path))
    }
}
