import Foundation
import WildcatDomain

/// Records written before facts were typed (schema 3 and earlier): audit lines as a kind plus a
/// dictionary of strings, and decisions whose effect outcome was an English sentence. They are
/// read into today's facts; what an old sentence did not say stays unknown (nil).
enum LegacyRecords {
    static func auditFact(kind: String, detail: [String: String]) -> AuditFact? {
        let proposal = ID<Proposal>(detail["proposal"] ?? "")
        switch kind {
        case "assemblyCreated": return .assemblyFounded(name: detail["name"] ?? "")
        case "inviteCreated":
            let maxUses = detail["maxUses"].flatMap(Int.init)
            let expires = detail["expiresAt"].flatMap(Int64.init).map(Date.init(storeMillis:)) ?? Date(timeIntervalSince1970: 0)
            return .inviteCreated(maxUses: maxUses, expiresAt: expires)
        case "inviteRevoked": return .inviteRevoked
        case "memberJoined": return .memberJoined(invitedByOperator: detail["invitedBy"] == "operator")
        case "memberLeft": return detail["reason"] == "accountDeleted" ? .accountDeleted : .memberLeft
        case "rulesChanged": return .rulesChanged(proposal: proposal, from: nil, to: nil)
        case "proposalCreated": return .proposalMade(proposal: proposal, title: detail["title"] ?? "", effect: nil)
        case "proposalClosed":
            let outcome = detail["outcome"].flatMap(Decision.Outcome.init(rawValue:)) ?? .noQuorum
            let winners = detail["winners"].map { $0.components(separatedBy: ", ") } ?? []
            return .proposalClosed(proposal: proposal, title: detail["title"] ?? "", outcome: outcome, winners: winners,
                                   effect: detail["effect"].flatMap(effectOutcome))
        case "assemblyRenamed": return .assemblyRenamed(proposal: proposal, from: nil, to: detail["name"] ?? "")
        case "memberRemoved": return .memberRemoved(proposal: proposal, pseudonym: detail["pseudonym"] ?? "")
        default: return nil
        }
    }

    /// The sentences schema-3 decisions stored for what an effect did.
    static func effectOutcome(_ text: String) -> EffectOutcome? {
        if text == "rules changed" { return .rulesChanged(from: nil, to: nil) }
        if text == "the invite was withdrawn" { return .admissionWithdrawn(description: nil) }
        if text.hasPrefix("renamed to ") { return .renamed(from: nil, to: String(text.dropFirst("renamed to ".count))) }
        if text.hasPrefix("the invite for "), text.hasSuffix(" now works") {
            return .admissionOpened(description: String(text.dropFirst("the invite for ".count).dropLast(" now works".count)))
        }
        if text.hasSuffix(" had already left") { return .memberHadLeft(pseudonym: String(text.dropLast(" had already left".count))) }
        if text.hasSuffix(" removed") { return .memberRemoved(pseudonym: String(text.dropLast(" removed".count))) }
        return nil
    }

    /// A stored decision: today's shape, or schema 3's with `effectApplied` as a sentence.
    static func decision(_ text: String) throws -> Decision {
        let decision = try StoredJSON.decode(Decision.self, text)
        guard decision.effect == nil, let old = try? StoredJSON.decode(OldDecision.self, text), let applied = old.effectApplied else { return decision }
        return Decision(outcome: decision.outcome, participants: decision.participants, members: decision.members, quorumMet: decision.quorumMet,
                        winners: decision.winners, tie: decision.tie, effect: effectOutcome(applied))
    }

    private struct OldDecision: Decodable { let effectApplied: String? }
}
