/// Fills seats of a committee by single transferable vote among members: the options are the
/// candidates' pseudonyms, and the winners take their seats the moment the vote closes (as many
/// as there are still vacant seats, in the order elected), each carrying the committee's mandate.
public struct ElectDelegates: EffectDefinition, Hashable, Codable {
    public struct Candidate: Sendable, Hashable, Codable {
        public let account: ID<Account>
        public let pseudonym: String

        public init(account: ID<Account>, pseudonym: String) {
            self.account = account
            self.pseudonym = pseudonym
        }
    }

    public var committee: ID<Assembly>
    public var committeeName: String
    public var candidates: [Candidate]

    public init(committee: ID<Assembly>, committeeName: String, candidates: [Candidate]) {
        self.committee = committee
        self.committeeName = committeeName
        self.candidates = candidates
    }

    /// The election for this committee among these pseudonyms, each a member of the assembly.
    public init(committee id: String, among committees: [Committee], candidates names: [String], members: [Member]) throws(InputError) {
        guard let committee = committees.first(where: { $0.id.rawValue == id }) else {
            throw InputError(field: "effect.elect", "Choose one of the assembly's committees.")
        }
        guard committee.vacancies > 0 else {
            throw InputError(field: "effect.elect", "Every seat of \(committee.name) is held; recall a delegate first.")
        }
        var candidates: [Candidate] = []
        for name in names {
            guard let member = members.first(where: { $0.pseudonym == name }) else {
                throw InputError(field: "options", "“\(name.prefix(40))” is not a member of the assembly: each option is a candidate's pseudonym.")
            }
            guard !committee.termsServed.contains(member.accountID) else {
                throw InputError(field: "options", "\(member.pseudonym) has served the \(committee.charter.maxTerms ?? 0) terms on \(committee.name) that its charter allows.")
            }
            candidates.append(Candidate(account: member.accountID, pseudonym: member.pseudonym))
        }
        self.init(committee: committee.id, committeeName: committee.name, candidates: candidates)
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .stv }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> ElectDelegates {
        guard candidates.map(\.pseudonym) == draft.options else {
            throw InputError(field: "options", "The options of an election are the candidates' pseudonyms.")
        }
        return self
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .electDelegates(committee: committeeName, seats: nil) }

    public var concerns: [ID<Account>] { candidates.map(\.account) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .decided else { return .nothing }
        // Winners who have left the assembly since, already hold a seat, or have served the most
        // terms the charter allows, do not take one; no more take seats than are vacant when the
        // vote closes.
        let seats = closing.assembly.committees[committee]
        let elected = closing.winners.compactMap { name in candidates.first { $0.pseudonym == name } }
            .filter { closing.assembly.members.contains($0.account) && !(seats?.delegates.contains($0.account) ?? false)
                && !(seats?.termsServed.contains($0.account) ?? false) }
            .prefix(seats?.vacancies ?? 0)
        guard !elected.isEmpty else { return EffectResolution(outcome: .delegatesElected(committee: committeeName, pseudonyms: [])) }
        return EffectResolution(outcome: .delegatesElected(committee: committeeName, pseudonyms: elected.map(\.pseudonym)),
                                steps: [.seatDelegates(committee: committee, Array(elected.map(\.account)))],
                                audit: [AuditRecord(.delegatesElected(proposal: closing.proposal, committee: committeeName, pseudonyms: elected.map(\.pseudonym)))])
    }
}
