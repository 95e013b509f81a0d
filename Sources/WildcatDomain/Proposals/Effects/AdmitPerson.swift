import Foundation

/// Admits a person: a single-use invite, made with the proposal and shown once to its proposer,
/// works only once the proposal passes; if it does not pass, the invite is withdrawn.
public struct AdmitPerson: EffectDefinition, Hashable, Codable {
    /// The held invite; nil until the proposal is stored.
    public var invite: ID<Invite>?
    /// Who, in the proposer's words ("Maria from the night shift").
    public var description: String

    public init(invite: ID<Invite>?, description: String) {
        self.invite = invite
        self.description = description
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    func validated(for draft: ProposalDraft, rules: AssemblyRules) throws(InputError) -> AdmitPerson {
        let who = try FreeText.validate(description, field: "effect.admit", noun: "A description of who to admit", length: 1...80)
        return AdmitPerson(invite: invite, description: who)
    }

    public func summary(rules: AssemblyRules) -> EffectSummary { .admitPerson(description: description) }

    /// The held invite expires this long after the vote closes, per the assembly's rules.
    public static func inviteExpiry(closesAt: Date, rules: AssemblyRules) -> Date {
        closesAt.addingTimeInterval(TimeInterval(rules.inviteExpiryHours) * 3600)
    }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard let invite else { return .nothing }
        if closing.outcome == .passed {
            return EffectResolution(outcome: .admissionOpened(description: description), steps: [.releaseInvite(invite)])
        }
        return EffectResolution(outcome: .admissionWithdrawn(description: description), steps: [.revokeInvite(invite)])
    }
}
