import HTTPTypes

/// The paths a group of routes answers, for telling "no such path" (404) from "no such method
/// on this path" (405, with the methods it has).
struct RouteTable: Sendable {
    private var routes: [(method: HTTPRequest.Method, segments: [Substring])] = []

    mutating func add(_ method: HTTPRequest.Method, _ path: String) {
        routes.append((method, path.split(separator: "/")))
    }

    /// The methods some route of this path answers; empty for an unknown path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let given = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for route in routes where route.segments.count == given.count && !methods.contains(route.method) {
            let matches = zip(route.segments, given).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
            if matches { methods.append(route.method) }
        }
        // HEAD is answered wherever GET is.
        if methods.contains(.get) && !methods.contains(.head) { methods.append(.head) }
        return methods
    }
}

/// A known path asked with a method it does not answer.
struct MethodNotAllowed: Error {
    let allowed: [HTTPRequest.Method]
}
