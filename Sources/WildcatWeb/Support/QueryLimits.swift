import Hummingbird
import WildcatDomain

/// A list's `limit` query parameter: absent takes the default; a value outside 1...most, or not
/// a number, is refused (not quietly clamped), as the OpenAPI document says.
enum QueryLimits {
    static func limit(_ request: Request, default value: Int, most: Int) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return value }
        guard let limit = Int(text), (1...most).contains(limit) else {
            throw QueryError(field: "limit", "limit is a whole number from 1 to \(most).")
        }
        return limit
    }
}

/// A malformed query parameter: a 400, naming it.
struct QueryError: Error, Sendable {
    let field: String
    let message: String

    init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
