import Foundation

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
}
