import Foundation

/// Someone outside the assembly (family, a friend, a neighbour, another worker) who signed up
/// on a public action page. They see only the public actions they signed up for.
public struct Supporter: Sendable, Hashable {
    public static let nameLength = 1...60
    public static let contactLength = 0...200

    public let id: ID<Supporter>
    public var name: String
    public var contact: String

    public init(id: ID<Supporter>, name: String, contact: String) {
        self.id = id
        self.name = name
        self.contact = contact
    }

    /// A name and an optional contact (a phone number or an address, as they choose), checked
    /// as any name shown to others.
    public static func validated(name: String, contact: String) throws(InputError) -> (name: String, contact: String) {
        let name = try FreeText.validate(name, field: "name", noun: "Your name", length: nameLength)
        let trimmed = contact.trimmingWhitespace()
        let contact = trimmed.isEmpty ? "" : try FreeText.validate(trimmed, field: "contact", noun: "The contact", length: 1...contactLength.upperBound)
        return (name, contact)
    }
}
