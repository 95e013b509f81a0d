import Foundation
import WildcatDomain
import WildcatStore

/// Opens the yes-or-no proposal that decides about one of the assembly's records (an action,
/// a demand), by the assembly's defaults: the member picks only when voting closes.
struct RecordProposer: Sendable {
    let environment: WebEnvironment

    func propose(title: String, body: String, effect: Effect, closes: String?, utcOffsetMinutes: Int?, in assembly: Assembly,
                 by member: Account) async throws -> Proposal {
        guard assembly.kind != .committee else {
            throw InputError(field: "effect", "A committee acts under its mandate directly; decisions about actions and demands are its assembly's.")
        }
        let now = environment.clock.now()
        let preset = closes.flatMap(Deadline.Preset.init(rawValue:)) ?? .inThreeDays
        guard preset != .custom else { throw InputError(field: "closes", "Choose when voting closes: in 2 hours, tonight or in 3 days.") }
        let closesAt = try Deadline(preset: preset, localTime: nil, utcOffsetMinutes: utcOffsetMinutes ?? 0).resolve(now: now)
        let draft = try ProposalDraft.aboutRecord(title: title, body: body, effect: effect, rules: assembly.rules, closesAt: closesAt, now: now)
        return try await environment.store.createProposal(in: assembly, by: member, draft: draft, now: now).0
    }
}

/// The fields of a "put it to a vote" form.
struct RecordProposalForm: Decodable, Sendable {
    let closes: String?
    let utcOffsetMinutes: Int?
    /// For a demand: the status to decide; for an action: call, publish or callOff.
    let to: String?
}
