import Foundation
import WildcatDomain

/// The new-proposal form: the API's `ProposalRequest` plus how a person gives a deadline (a
/// preset, or a date and time on their own clock, see `Deadline`).
struct ProposalForm: Decodable, Sendable {
    var request: ProposalRequest
    var closes: Deadline.Preset?
    var closesAtLocal: String?
    var utcOffsetMinutes: Int?
    /// For a recall or a new mandate, the seat chosen in one menu: "committee/account".
    var seat: String?

    private enum CodingKeys: String, CodingKey { case closes, closesAtLocal, utcOffsetMinutes, effect }

    private struct Seats: Decodable {
        struct Seat: Decodable { let seat: String? }
        /// A call's recipient typed as a code, instead of chosen in the menu.
        struct Code: Decodable { let code: String? }
        let recall: Seat?
        let mandate: Seat?
        let call: Code?
    }

    private struct UrgentHolder: Decodable { let urgentRule: UrgentFields? }

    /// The urgent-vote rule as the rules form gives it: allowed or not, then its terms.
    struct UrgentFields: Decodable {
        let allowed: Bool?
        let shortestMinutes: Int?
        let quorumShare: Fraction?
        let whoMayOpen: UrgentRule.Opener?
    }

    init(from decoder: any Decoder) throws {
        request = try ProposalRequest(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        closes = try c.decodeIfPresent(Deadline.Preset.self, forKey: .closes)
        closesAtLocal = try c.decodeIfPresent(String.self, forKey: .closesAtLocal)
        utcOffsetMinutes = try c.decodeIfPresent(Int.self, forKey: .utcOffsetMinutes)
        let seats = try? c.decodeIfPresent(Seats.self, forKey: .effect)
        switch request.effect?.kind {
        case .recall?: seat = seats?.recall?.seat
        case .mandate?: seat = seats?.mandate?.seat
        default: seat = nil
        }
        // The rules form sends the urgent rule beside the others: unticked, urgent votes are not allowed.
        if request.effect?.kind == .rules {
            guard let holder = try? c.decodeIfPresent(UrgentHolder.self, forKey: .effect) else {
                throw InputError(field: "urgent", "Give the urgent votes' shortest deadline in minutes, and their quorum as a share such as 1/10.")
            }
            let fields = holder.urgentRule ?? UrgentFields(allowed: false, shortestMinutes: nil, quorumShare: nil, whoMayOpen: nil)
            request.effect?.rules?.urgent = fields.allowed == true
                ? UrgentRule(shortestMinutes: fields.shortestMinutes ?? UrgentRule.suggested.shortestMinutes,
                             quorum: fields.quorumShare.map(Quorum.share) ?? UrgentRule.suggested.quorum,
                             whoMayOpen: fields.whoMayOpen ?? .anyMember)
                : nil
        }
        if request.effect?.kind == .call, let code = seats?.call?.code?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            request.effect?.call?.to = code
        }
        if let seat {
            let parts = seat.split(separator: "/", maxSplits: 1).map(String.init)
            let chosen = EffectRequest.DelegateRequest(committee: parts.first ?? "", member: parts.count > 1 ? parts[1] : "",
                                                       text: request.effect?.mandate?.text)
            if request.effect?.kind == .recall { request.effect?.recall = chosen } else { request.effect?.mandate = chosen }
        }
    }

    /// The request with the deadline resolved to an instant.
    func resolved(now: Date) throws(InputError) -> ProposalRequest {
        var request = self.request
        if request.closesAt == nil && request.closesInMinutes == nil {
            let deadline = Deadline(preset: closes ?? .inThreeDays, localTime: closesAtLocal, utcOffsetMinutes: utcOffsetMinutes ?? 0)
            request.closesAt = try deadline.resolve(now: now)
        }
        return request
    }
}
