import HTTPTypes
import Hummingbird

/// One feature's routes (its API, or its pages), by the context they need: anyone, a signed-in
/// person, or a member of the assembly in the path. The application mounts each collection
/// behind the right middleware; `listed` is what the OpenAPI check compares with the document.
struct Endpoints {
    let open = RouteCollection(context: AppRequestContext.self)
    let members = RouteCollection(context: MemberContext.self)
    /// Mounted under the assembly's path (`/a/{assembly}` or `/api/v1/assemblies/{assembly}`).
    let assembly = RouteCollection(context: AssemblyContext.self)
    private(set) var listed: [(method: HTTPRequest.Method, path: String, inAssembly: Bool)] = []

    mutating func open<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                  use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output) {
        open.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, false))
    }

    mutating func member<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                    use handler: @escaping @Sendable (Request, MemberContext) async throws -> Output) {
        members.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, false))
    }

    mutating func assembly<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                      use handler: @escaping @Sendable (Request, AssemblyContext) async throws -> Output) {
        assembly.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, true))
    }
}
