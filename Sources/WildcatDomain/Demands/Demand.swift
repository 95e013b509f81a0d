import Foundation

/// One of the assembly's demands: drafted by a member, adopted by a decision, then won or lost
/// (also by a decision). Every change is kept in its history.
public struct Demand: Sendable, Hashable {
    public static let textLength = 1...500

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case drafted, adopted, won, lost

        /// The statuses a decision may move it to from here.
        public var next: [Status] {
            switch self {
            case .drafted: return [.adopted]
            case .adopted: return [.won, .lost]
            case .won, .lost: return []
            }
        }
    }

    public struct Change: Sendable, Hashable {
        public let status: Status
        public let proposal: ID<Proposal>?
        public let at: Date

        public init(status: Status, proposal: ID<Proposal>?, at: Date) {
            self.status = status
            self.proposal = proposal
            self.at = at
        }
    }

    public let id: ID<Demand>
    public let assemblyID: ID<Assembly>
    public var text: String
    public var status: Status
    public var history: [Change]

    public init(id: ID<Demand>, assemblyID: ID<Assembly>, text: String, status: Status, history: [Change]) {
        self.id = id
        self.assemblyID = assemblyID
        self.text = text
        self.status = status
        self.history = history
    }

    public static func text(_ raw: String) throws(InputError) -> String {
        try FreeText.validate(raw, field: "text", noun: "A demand", length: textLength)
    }
}
