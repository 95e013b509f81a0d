/// Founds a council with this assembly as its first member: others join by their own decisions
/// (`JoinCouncil`), each then electing its delegates. No council binds an assembly that has not
/// ratified its decision.
public struct FoundCouncil: EffectDefinition, Hashable, Codable {
    public var name: String
    public var charter: Charter

    public init(name: String, charter: Charter) {
        self.name = name
        self.charter = charter
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> FoundCouncil {
        var charter = try self.charter.validated()
        charter.weighting = charter.weighting ?? .perDelegate
        charter.ratification = charter.ratification ?? .majority
        charter.channelPrivate = false
        return FoundCouncil(name: try AssemblyName(name).value, charter: charter)
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .foundCouncil(name: name, charter: charter) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .councilFounded(name: name), steps: [.foundCouncil(name: name, charter: charter)],
                                audit: [AuditRecord(.councilJoined(proposal: closing.proposal, council: name, founded: true))])
    }
}
