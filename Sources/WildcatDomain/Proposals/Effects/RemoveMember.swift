/// Removes a member from the assembly; their pseudonym is kept for the record.
public struct RemoveMember: EffectDefinition, Hashable, Codable {
    public var member: ID<Account>
    public var pseudonym: String

    public init(member: ID<Account>, pseudonym: String) {
        self.member = member
        self.pseudonym = pseudonym
    }

    /// The member with this account id, from the assembly's members.
    public init(account: String, among members: [Member]) throws(InputError) {
        guard let found = members.first(where: { $0.accountID.rawValue == account }) else {
            throw InputError(field: "effect.removeMember", "Choose a member of the assembly to remove.")
        }
        self.init(member: found.accountID, pseudonym: found.pseudonym)
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> RemoveMember { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .removeMember(pseudonym: pseudonym) }

    public var concerns: [ID<Account>] { [member] }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        guard closing.assembly.members.contains(member) else { return EffectResolution(outcome: .memberHadLeft(pseudonym: pseudonym)) }
        return EffectResolution(outcome: .memberRemoved(pseudonym: pseudonym), steps: [.removeMember(member)],
                                audit: [AuditRecord(subject: member, .memberRemoved(proposal: closing.proposal, pseudonym: pseudonym))])
    }

    private enum CodingKeys: String, CodingKey { case member, pseudonym, legacy = "_0" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        member = try c.decodeIfPresent(ID<Account>.self, forKey: .member) ?? c.decode(ID<Account>.self, forKey: .legacy)
        pseudonym = try c.decode(String.self, forKey: .pseudonym)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(member, forKey: .member)
        try c.encode(pseudonym, forKey: .pseudonym)
    }
}
