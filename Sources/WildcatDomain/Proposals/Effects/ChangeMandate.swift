/// Gives a delegate a new mandate: the only way a mandate changes.
public struct ChangeMandate: EffectDefinition, Hashable, Codable {
    public var committee: ID<Assembly>
    public var committeeName: String
    public var member: ID<Account>
    public var pseudonym: String
    public var mandate: String

    public init(committee: ID<Assembly>, committeeName: String, member: ID<Account>, pseudonym: String, mandate: String) {
        self.committee = committee
        self.committeeName = committeeName
        self.member = member
        self.pseudonym = pseudonym
        self.mandate = mandate
    }

    public init(committee id: String, member account: String, mandate: String, among committees: [Committee]) throws(InputError) {
        let delegate = try RecallDelegate(committee: id, member: account, among: committees)
        self.init(committee: delegate.committee, committeeName: delegate.committeeName, member: delegate.member, pseudonym: delegate.pseudonym,
                  mandate: mandate)
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> ChangeMandate {
        var checked = self
        checked.mandate = try MandateText.validate(mandate, field: "effect.mandate.text")
        return checked
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .changeMandate(committee: committeeName, pseudonym: pseudonym, mandate: mandate) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .mandateChanged(committee: committeeName, pseudonym: pseudonym),
                                steps: [.setMandate(committee: committee, member, mandate)],
                                audit: [AuditRecord(subject: member, .mandateChanged(proposal: closing.proposal, committee: committeeName, pseudonym: pseudonym))])
    }
}
