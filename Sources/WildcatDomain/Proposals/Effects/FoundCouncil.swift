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

/// Joins a council by this assembly's decision; the council is named by its id, which its
/// member assemblies' members can pass on.
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
        return EffectResolution(outcome: .councilJoined(council: councilName), steps: [.joinCouncil(council)],
                                audit: [AuditRecord(.councilJoined(proposal: closing.proposal, council: councilName, founded: false))])
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
