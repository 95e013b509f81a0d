/// A council of assemblies: its member assemblies (each joined by its own decision) and the
/// delegates each sent. No council binds an assembly that has not ratified its decision.
public struct Council: Sendable, Hashable {
    /// A member assembly (or council) and the members it represents.
    public struct Member: Sendable, Hashable {
        public let id: ID<Assembly>
        public let name: String
        public let members: Int

        public init(id: ID<Assembly>, name: String, members: Int) {
            self.id = id
            self.name = name
            self.members = members
        }
    }

    public let id: ID<Assembly>
    public let name: String
    public let charter: Charter
    public let members: [Member]
    public let delegates: [Delegate]

    public init(id: ID<Assembly>, name: String, charter: Charter, members: [Member], delegates: [Delegate]) {
        self.id = id
        self.name = name
        self.charter = charter
        self.members = members
        self.delegates = delegates
    }

    /// The delegates this member assembly sent.
    public func delegates(of member: ID<Assembly>) -> [Delegate] { delegates.filter { $0.sentBy == member } }
}
