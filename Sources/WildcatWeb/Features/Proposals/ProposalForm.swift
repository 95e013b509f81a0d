import Foundation
import WildcatDomain

/// The new-proposal form: the API's `ProposalRequest` plus how a person gives a deadline (a
/// preset, or a date and time on their own clock, see `Deadline`).
struct ProposalForm: Decodable, Sendable {
    var request: ProposalRequest
    var closes: Deadline.Preset?
    var closesAtLocal: String?
    var utcOffsetMinutes: Int?

    private enum CodingKeys: String, CodingKey { case closes, closesAtLocal, utcOffsetMinutes }

    init(from decoder: any Decoder) throws {
        request = try ProposalRequest(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        closes = try c.decodeIfPresent(Deadline.Preset.self, forKey: .closes)
        closesAtLocal = try c.decodeIfPresent(String.self, forKey: .closesAtLocal)
        utcOffsetMinutes = try c.decodeIfPresent(Int.self, forKey: .utcOffsetMinutes)
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
