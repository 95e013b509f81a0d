/// An assembly's answer to a council decision sent for ratification: it takes effect only when
/// enough of the council's assemblies ratify it by their own votes.
public struct RatifyDecision: EffectDefinition, Hashable, Codable {
    public var council: ID<Assembly>
    public var councilName: String
    public var proposal: ID<Proposal>
    public var title: String

    public init(council: ID<Assembly>, councilName: String, proposal: ID<Proposal>, title: String) {
        self.council = council
        self.councilName = councilName
        self.proposal = proposal
        self.title = title
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> RatifyDecision { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .ratify(council: councilName, title: title) }

    /// Passed: ratified. Anything else (failed, no quorum): not ratified.
    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        let ratified = closing.outcome == .passed
        return EffectResolution(outcome: .ratification(council: councilName, title: title, ratified: ratified),
                                steps: [.ratify(council: council, proposal: proposal, ratified: ratified)])
    }
}
