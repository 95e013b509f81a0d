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
    private(set) var listed: [(method: HTTPRequest.Method, path: String, access: ListedRoute.Access)] = []

    mutating func open<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                  use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Output) {
        open.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, .anyone))
    }

    mutating func member<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                    use handler: @escaping @Sendable (Request, MemberContext) async throws -> Output) {
        members.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, .signedIn))
    }

    mutating func assembly<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String,
                                                      use handler: @escaping @Sendable (Request, AssemblyContext) async throws -> Output) {
        assembly.on(RouterPath(path), method: method, use: handler)
        listed.append((method, path, .member))
    }
}

/// A route as the application serves it: the whole path template, and who may reach its handler
/// at all (the handler may refuse more). The authorization tests walk every one of them.
public struct ListedRoute: Sendable, CustomStringConvertible {
    public enum Access: Sendable {
        /// Anyone: the route's own token or nothing is the proof.
        case anyone
        /// A signed-in account.
        case signedIn
        /// A member of the assembly in the path.
        case member
    }
    public let method: HTTPRequest.Method
    public let path: String
    public let access: Access
    public let api: Bool
    public var description: String { "\(method.rawValue) \(path)" }
}
