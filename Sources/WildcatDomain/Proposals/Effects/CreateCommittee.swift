/// Sets up a committee of the assembly with its charter (seats, term, mandate, who reads its
/// channel). Its seats stay empty until an election fills them (`ElectDelegates`).
public struct CreateCommittee: EffectDefinition, Hashable, Codable {
    public var name: String
    public var charter: Charter

    public init(name: String, charter: Charter) {
        self.name = name
        self.charter = charter
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> CreateCommittee {
        CreateCommittee(name: try AssemblyName(name).value, charter: try charter.validated())
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .createCommittee(name: name, charter: charter) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .committeeCreated(name: name), steps: [.createCommittee(name: name, charter: charter)],
                                audit: [AuditRecord(.committeeCreated(proposal: closing.proposal, name: name, charter: charter))])
    }
}
