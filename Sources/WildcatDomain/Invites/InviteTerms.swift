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
