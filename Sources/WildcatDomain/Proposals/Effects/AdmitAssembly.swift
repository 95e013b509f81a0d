import Foundation

/// A council's answer to an assembly asking to join: a vote of its delegates, opened by the
/// platform, under the council's own threshold and quorum.
public struct AdmitAssembly: EffectDefinition, Hashable, Codable {
    public var assembly: ID<Assembly>
    public var name: String
    /// Its members when it asked.
    public var members: Int

    public init(assembly: ID<Assembly>, name: String, members: Int) {
        self.assembly = assembly
        self.name = name
        self.members = members
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> AdmitAssembly { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .admitAssembly(name: name, members: members) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        let admitted = closing.outcome == .passed
        return EffectResolution(outcome: .assemblyAdmitted(name: name, admitted: admitted),
                                steps: [admitted ? .admitAssembly(assembly) : .refuseAssembly(assembly)])
    }

    /// How long the delegates have to decide.
    public static let voteDays = 7

    /// The vote the platform opens in the council when an assembly asks to join.
    public static func vote(for assembly: ID<Assembly>, name: String, members: Int, council: Assembly, now: Date) -> ProposalDraft {
        let people = members == 1 ? "1 member" : "\(members) members"
        return ProposalDraft(title: String("Admit \(name) into \(council.name)".prefix(ProposalDraft.titleLength.upperBound)),
                             body: "\(name) (\(people)) decided to ask to join this council. If this passes, it becomes a member assembly: it elects its own delegates here, and its members read the council.",
                             method: .yesno, options: [], seats: 1, threshold: council.rules.defaultThreshold, abstentionsCount: false,
                             quorum: council.rules.defaultQuorum, dotBudget: ProposalDraft.defaultDotBudget, secret: false, resultsLive: true,
                             closesAt: now + TimeInterval(voteDays * 86400),
                             effect: .admitAssembly(AdmitAssembly(assembly: assembly, name: name, members: members)))
    }
}
