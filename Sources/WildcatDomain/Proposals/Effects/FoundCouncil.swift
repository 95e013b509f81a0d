import Foundation

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

/// Asks to join a council, by this assembly's decision; the council is named by its id, which its
/// member assemblies' members can pass on. The council's delegates then decide whether to admit
/// it (`AdmitAssembly`): a code alone does not let an assembly in.
public struct JoinCouncil: EffectDefinition, Hashable, Codable {
    public var council: ID<Assembly>
    public var councilName: String

    public init(council: ID<Assembly>, councilName: String) {
        self.council = council
        self.councilName = councilName
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> JoinCouncil { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .joinCouncil(council: councilName) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .councilJoinAsked(council: councilName), steps: [.askToJoin(council)],
                                audit: [AuditRecord(.councilJoinAsked(proposal: closing.proposal, council: councilName))])
    }
}

/// Leaves a council by this assembly's decision: its delegates there lose their seats.
public struct LeaveCouncil: EffectDefinition, Hashable, Codable {
    public var council: ID<Assembly>
    public var councilName: String

    public init(council: ID<Assembly>, councilName: String) {
        self.council = council
        self.councilName = councilName
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> LeaveCouncil { self }

    public func summary(rules: AssemblyRules) -> EffectSummary { .leaveCouncil(council: councilName) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .councilLeft(council: councilName), steps: [.leaveCouncil(council)],
                                audit: [AuditRecord(.councilLeft(proposal: closing.proposal, council: councilName))])
    }
}

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
