/// Why a name, passphrase or other input was refused. The message is shown to the person.
public struct InputError: Error, Sendable, Hashable {
    /// The field the problem is in, as named in forms and the API.
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
