/// Asks to join a council, by this assembly's decision; the council is named by its id, which its
/// member assemblies' members can pass on. The council's delegates then decide whether to admit
/// it (`AdmitAssembly`): a code alone does not let an assembly in.
public struct JoinCouncil: EffectDefinition, Hashable, Codable {
    public var council: ID<Assembly>
    public var councilName: String

    public init(council: ID<Assembly>, councilName: String) {
        self.council = council
        self.councilName = councilName
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> JoinCouncil { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .joinCouncil(council: councilName) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .councilJoinAsked(council: councilName), steps: [.askToJoin(council)],
                                audit: [AuditRecord(.councilJoinAsked(proposal: closing.proposal, council: councilName))])
    }
}
