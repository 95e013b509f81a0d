/// Replaces the assembly's rules: the only way they change.
public struct ChangeRules: EffectDefinition, Hashable, Codable {
    public var rules: AssemblyRules

    public init(rules: AssemblyRules) { self.rules = rules }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules current: AssemblyRules) throws(InputError) -> ChangeRules {
        let checked = try rules.validated()
        guard checked != current else { throw InputError(field: "effect", "The proposed rules are the same as the current ones.") }
        return ChangeRules(rules: checked)
    }

    public func summary(rules current: AssemblyRules) -> EffectSummary { .changeRules(from: current, to: rules) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .rulesChanged(from: closing.assembly.rules, to: rules), steps: [.setRules(rules)],
                                audit: [AuditRecord(.rulesChanged(proposal: closing.proposal, from: closing.assembly.rules, to: rules))])
    }

    private enum CodingKeys: String, CodingKey { case rules, legacy = "_0" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decodeIfPresent(AssemblyRules.self, forKey: .rules) ?? c.decode(AssemblyRules.self, forKey: .legacy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rules, forKey: .rules)
    }
}
