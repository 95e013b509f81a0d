/// Leaves a council by this assembly's decision: its delegates there lose their seats.
public struct LeaveCouncil: EffectDefinition, Hashable, Codable {
    public var council: ID<Assembly>
    public var councilName: String

    public init(council: ID<Assembly>, councilName: String) {
        self.council = council
        self.councilName = councilName
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> LeaveCouncil { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .leaveCouncil(council: councilName) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .councilLeft(council: councilName), steps: [.leaveCouncil(council)],
                                audit: [AuditRecord(.councilLeft(proposal: closing.proposal, council: councilName))])
    }
}
