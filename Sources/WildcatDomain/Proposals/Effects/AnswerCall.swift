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
