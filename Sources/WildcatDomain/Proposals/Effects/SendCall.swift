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

/// A receiving assembly's answer to a solidarity call: the most approved of join, support and
/// decline; no answer when the vote reaches no quorum.
public struct AnswerCall: EffectDefinition, Hashable, Codable {
    public var call: ID<SolidarityCall>
    public var from: String
    public var what: String

    public init(call: ID<SolidarityCall>, from: String, what: String) {
        self.call = call
        self.from = from
        self.what = what
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .approval }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> AnswerCall {
        guard draft.options == SolidarityCall.Answer.allCases.map(\.option), draft.seats == 1 else {
            throw InputError(field: "options", "An answer to a solidarity call chooses one of Join, Support and Decline.")
        }
        return self
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .answerCall(from: from, what: what) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        let answer = closing.outcome == .decided ? closing.winners.first.flatMap(SolidarityCall.Answer.init(option:)) : nil
        return EffectResolution(outcome: .callAnswered(from: from, answer: answer), steps: [.answerCall(call, answer)],
                                audit: [AuditRecord(.solidarityCallAnswered(proposal: closing.proposal, from: from, answer: answer))])
    }
}
