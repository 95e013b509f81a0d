/// Takes a delegate's seat away by the decision of the assembly that sent them: at once, with
/// every power it carried (the committee's channel, its votes, open pages and tokens). The seat
/// falls vacant for a by-election.
public struct RecallDelegate: EffectDefinition, Hashable, Codable {
    public var committee: ID<Assembly>
    public var committeeName: String
    public var member: ID<Account>
    public var pseudonym: String

    public init(committee: ID<Assembly>, committeeName: String, member: ID<Account>, pseudonym: String) {
        self.committee = committee
        self.committeeName = committeeName
        self.member = member
        self.pseudonym = pseudonym
    }

    /// The delegate with this account id on one of the assembly's committees.
    public init(committee id: String, member account: String, among committees: [Committee]) throws(InputError) {
        guard let committee = committees.first(where: { $0.id.rawValue == id }),
              let delegate = committee.delegates.first(where: { $0.account.rawValue == account }) else {
            throw InputError(field: "effect.recall", "Choose a delegate of one of the assembly's committees.")
        }
        self.init(committee: committee.id, committeeName: committee.name, member: delegate.account, pseudonym: delegate.pseudonym)
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> RecallDelegate { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .recallDelegate(committee: committeeName, pseudonym: pseudonym) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        guard closing.assembly.committees[committee]?.delegates.contains(member) ?? false else {
            return EffectResolution(outcome: .delegateHadLeft(committee: committeeName, pseudonym: pseudonym))
        }
        return EffectResolution(outcome: .delegateRecalled(committee: committeeName, pseudonym: pseudonym),
                                steps: [.unseatDelegate(committee: committee, member)],
                                audit: [AuditRecord(subject: member, .delegateRecalled(proposal: closing.proposal, committee: committeeName, pseudonym: pseudonym))])
    }
}
