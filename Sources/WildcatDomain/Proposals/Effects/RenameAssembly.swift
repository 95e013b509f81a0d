/// Renames the assembly: to the name proposed, when a yes/no or consent decision passes, or to
/// the winning option of a choice among names (approval, score, dots, instant runoff, Schulze).
public struct RenameAssembly: EffectDefinition, Hashable, Codable {
    /// nil when the options are the candidate names.
    public var name: String?

    public init(name: String?) { self.name = name }

    public static func accepts(_ method: DecisionMethod) -> Bool {
        switch method {
        case .yesno, .consent, .approval, .score, .dot, .irv, .schulze: return true
        case .stv, .timepoll: return false
        }
    }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> RenameAssembly {
        if draft.method.choosesOptions {
            for option in draft.options { _ = try AssemblyName(option) }
            return RenameAssembly(name: nil)
        }
        guard let name else { throw InputError(field: "effect.rename", "Give the new name.") }
        return RenameAssembly(name: try AssemblyName(name).value)
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .renameAssembly(to: name) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        let target: String?
        switch closing.outcome {
        case .passed: target = name
        case .decided: target = name == nil ? closing.winners.first : nil
        case .failed, .noQuorum: target = nil
        }
        guard let target, target != closing.assembly.name else { return .nothing }
        return EffectResolution(outcome: .renamed(from: closing.assembly.name, to: target), steps: [.rename(target)],
                                audit: [AuditRecord(.assemblyRenamed(proposal: closing.proposal, from: closing.assembly.name, to: target))])
    }

    private enum CodingKeys: String, CodingKey { case name, legacy = "_0" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? c.decodeIfPresent(String.self, forKey: .legacy)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
    }
}
