import Foundation

/// The terms an invite link is made with: how many people it admits and until when.
public struct InviteTerms: Sendable, Hashable {
    /// Maximum number of people the link admits; `nil` means no limit until expiry.
    public let maxUses: Int?
    public let expiresAt: Date

    /// Most people one multi-use link may admit.
    public static let maxUsesLimit = 1000

    /// Validates terms requested by a member against the assembly's rules.
    /// `expiresInHours` nil takes the rules' default.
    public init(maxUses: Int?, expiresInHours: Int?, rules: AssemblyRules, now: Date) throws(InputError) {
        if let maxUses, !(1...Self.maxUsesLimit).contains(maxUses) {
            throw InputError(field: "maxUses", "An invite admits 1 to \(Self.maxUsesLimit) people.")
        }
        let hours = expiresInHours ?? rules.inviteExpiryHours
        guard AssemblyRules.inviteExpiryHoursRange.contains(hours) else {
            throw InputError(field: "expiresInHours", "An invite expires after 1 to \(AssemblyRules.inviteExpiryHoursRange.upperBound) hours.")
        }
        self.maxUses = maxUses
        self.expiresAt = now.addingTimeInterval(TimeInterval(hours) * 3600)
    }

    /// Terms for the operator's first-person link and command-line invites.
    public init(maxUses: Int?, expiresAt: Date) {
        self.maxUses = maxUses
        self.expiresAt = expiresAt
    }
}

/// Whether an invite can still admit someone.
public enum InviteStatus: String, Sendable, Codable {
    case usable, used, expired, revoked, awaitingDecision

    /// Decides the status from an invite's recorded state.
    public static func of(maxUses: Int?, uses: Int, expiresAt: Date, revoked: Bool, awaitingDecision: Bool = false, now: Date) -> InviteStatus {
        if revoked { return .revoked }
        if awaitingDecision { return .awaitingDecision }
        if let maxUses, uses >= maxUses { return .used }
        if expiresAt <= now { return .expired }
        return .usable
    }

    /// What to tell a person who opens a link in this state.
    public var explanation: String {
        switch self {
        case .usable: return "This invite is valid."
        case .used: return "This invite has already been used. Ask the person who sent it for a new one."
        case .expired: return "This invite has expired. Ask the person who sent it for a new one."
        case .revoked: return "This invite was withdrawn. Ask a member for a new one."
        case .awaitingDecision: return "This invite works once the assembly decides to admit you. Try again after the vote."
        }
    }
}

/// Who may do what in an assembly, decided from its rules alone (there is no admin role).
public enum Permissions {
    /// May this member create an invite link directly?
    public static func mayInvite(rules: AssemblyRules) -> Bool {
        rules.whoMayInvite == .anyMember
    }
}
