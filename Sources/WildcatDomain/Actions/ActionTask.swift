import Foundation

/// A task of an action ("bring the banner"), with who took it.
public struct ActionTask: Sendable, Hashable {
    public static let textLength = 1...300

    public let id: ID<ActionTask>
    public var text: String
    public var takenBy: ID<Account>?
    public var done: Bool

    public init(id: ID<ActionTask>, text: String, takenBy: ID<Account>?, done: Bool) {
        self.id = id
        self.text = text
        self.takenBy = takenBy
        self.done = done
    }

    public static func text(_ raw: String) throws(InputError) -> String {
        try FreeText.validate(raw, field: "text", noun: "A task", length: textLength)
    }
}
