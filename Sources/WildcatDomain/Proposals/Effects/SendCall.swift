/// Sends a solidarity call, by the assembly's decision, to a council it belongs to (every other
/// assembly of the council receives it) or to one assembly it names. Each receiving assembly
/// then answers by its own vote (`AnswerCall`).
public struct SendCall: EffectDefinition, Hashable, Codable {
    public var to: ID<Assembly>
    public var toName: String
    public var toCouncil: Bool
    public var request: CallRequest

    public init(to: CallTarget, request: CallRequest) {
        self.to = to.id
        self.toName = to.name
        self.toCouncil = to.isCouncil
        self.request = request
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> SendCall {
        var checked = self
        checked.request = try request.validated()
        return checked
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .sendCall(to: toName, council: toCouncil, what: request.what) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .callSent(to: toName), steps: [.sendCall(to: to, request)],
                                audit: [AuditRecord(.solidarityCallSent(proposal: closing.proposal, to: toName, what: request.what))])
    }
}
