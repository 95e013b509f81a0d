import Foundation
import WildcatDomain
import WildcatStore

/// Meetings: called by any member, answered by every member, minuted by the one named.
struct MeetingsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    func list(in assembly: Assembly) async throws -> (coming: [Meeting], past: [Meeting]) {
        try await store.meetings(in: assembly.id, now: now)
    }

    func seen(_ id: ID<Meeting>, in assembly: Assembly, by member: Account) async throws -> MeetingSeen {
        guard let seen = try await store.meetingSeen(id, in: assembly.id, by: member.id) else { throw Refusal.notFound }
        return seen
    }

    func create(_ form: MeetingForm, in assembly: Assembly, by member: Account) async throws -> Meeting {
        // Only open proposals of this assembly go on an agenda, with their titles as they are.
        let open = try await store.proposals(in: assembly.id).filter { $0.closedAt == nil }
        let chosen = form.proposals ?? []
        let picked = open.filter { chosen.contains($0.id.rawValue) }.map { ($0.id, $0.draft.title) }
        guard picked.count == chosen.count else {
            throw InputError(field: "proposals", "An agenda's proposals are this assembly's open ones.")
        }
        let request = try MeetingRequest(
            title: form.title ?? "", startsLocal: form.startsLocal ?? "", timeZone: form.timeZone ?? "", lengthMinutes: form.lengthMinutes ?? 60,
            place: form.place ?? "", agendaText: form.agenda ?? "", proposals: picked, assemblyMeeting: form.assemblyMeeting == "true" || !picked.isEmpty,
            minutesBy: form.minutesBy.flatMap { $0.isEmpty ? nil : ID($0) }, fromPoll: form.poll.flatMap { $0.isEmpty ? nil : ID($0) }, now: now)
        if let poll = request.fromPoll {
            guard let proposal = try await store.proposal(poll, in: assembly.id), proposal.draft.method == .timepoll, proposal.closedAt != nil else {
                throw InputError(field: "poll", "A meeting comes from one of this assembly's closed time polls.")
            }
        }
        return try await store.createMeeting(request, in: assembly.id, by: member.id, now: now)
    }

    /// A closed time poll's winning slot, and whether it reads as a date and time.
    func pollWinner(_ id: ID<Proposal>, in assembly: Assembly) async throws -> (proposal: Proposal, slot: String, local: String?) {
        guard let proposal = try await store.proposal(id, in: assembly.id) else { throw Refusal.notFound }
        guard proposal.draft.method == .timepoll, proposal.closedAt != nil,
              let slot = proposal.decision?.winners.first else {
            throw InputError(field: "poll", "Only a closed time poll with a winning slot becomes a meeting.")
        }
        return (proposal, slot, PollSlot.localTime(slot))
    }

    func answer(_ id: ID<Meeting>, _ answer: String?, in assembly: Assembly, by member: Account) async throws {
        guard let answer = answer.flatMap(RSVP.init(rawValue:)) else { throw InputError(field: "answer", "Answer yes, maybe or no.") }
        try await store.answer(id, in: assembly.id, by: member.id, answer, now: now)
    }

    func writeMinutes(_ id: ID<Meeting>, text: String?, in assembly: Assembly, by member: Account) async throws {
        try await store.writeMinutes(id, in: assembly.id, by: member.id, text: try MeetingRequest.minutes(text ?? ""), now: now)
    }

    func cancel(_ id: ID<Meeting>, in assembly: Assembly, by member: Account) async throws {
        try await store.cancelMeeting(id, in: assembly.id, by: member.id, now: now)
    }

    /// The zone the assembly used last, for the form's default.
    func usualZone(in assembly: Assembly) async throws -> String {
        let (coming, past) = try await list(in: assembly)
        return (coming.last ?? past.first)?.starts.zone ?? "UTC"
    }
}
