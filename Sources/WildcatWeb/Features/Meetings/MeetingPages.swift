import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// An assembly's meetings: the list with a form, each meeting's page with answers and minutes,
/// its .ics file, and a closed time poll turned into a meeting.
struct MeetingPages {
    let service: MeetingsService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/meetings", use: listPage)
        routes.assembly(.post, "/meetings", use: create)
        routes.assembly(.post, "/meetings/from-poll/{proposal}", use: fromPoll)
        routes.assembly(.get, "/meetings/{meeting}", use: meetingPage)
        routes.assembly(.get, "/meetings/{meeting}/ics", use: icsFile)
        routes.assembly(.post, "/meetings/{meeting}/answer", use: answer)
        routes.assembly(.post, "/meetings/{meeting}/minutes", use: minutes)
        routes.assembly(.post, "/meetings/{meeting}/cancel", use: cancel)
        return routes
    }

    @Sendable func listPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        var form = MeetingForm()
        // "?poll=…": a time poll whose slot is not a date and time; its words fill the form.
        if let poll = request.uri.queryParameters.get("poll"), poll.count <= 64 {
            let winner = try await service.pollWinner(ID(poll), in: context.assembly)
            form.title = winner.proposal.draft.title
            form.poll = poll
            form.startsLocal = winner.local
            form.pollSlot = winner.slot
        }
        return try await renderList(context, form: form, error: nil, status: .ok)
    }

    private func renderList(_ context: AssemblyContext, form: MeetingForm, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let (coming, past) = try await service.list(in: context.assembly)
        let members = try await service.store.members(of: context.assembly.id)
        let open = try await service.store.proposals(in: context.assembly.id).filter { $0.closedAt == nil }
        let usual = try await service.usualZone(in: context.assembly)
        let zone = form.timeZone ?? usual
        let view = MeetingListView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            calendarLink: Paths.calendar, action: Paths.meetings(context.assembly.id), error: error,
            coming: coming.map(MeetingItem.init), past: past.map(MeetingItem.init), hasComing: !coming.isEmpty, hasPast: !past.isEmpty,
            form: MeetingFormView(
                title: form.title ?? "", startsLocal: form.startsLocal ?? "", timeZone: zone, lengthMinutes: form.lengthMinutes ?? 60,
                place: form.place ?? "", agenda: form.agenda ?? "", poll: form.poll ?? "", pollSlot: form.pollSlot,
                members: members.map { .init(value: $0.accountID.rawValue, label: $0.pseudonym, selected: form.minutesBy == $0.accountID.rawValue) },
                proposals: open.map { .init(value: $0.id.rawValue, label: $0.draft.title, selected: form.proposals?.contains($0.id.rawValue) == true) },
                hasProposals: !open.isEmpty, zones: TimeZoneChoices.all),
            canCall: context.access == .member)
        return pages.render("meetings", view, status: status)
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(MeetingForm.self, from: request, context: context)
        do {
            let meeting = try await service.create(form, in: context.assembly, by: context.account)
            return seeOther(Paths.meeting(meeting.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await renderList(context, form: form, error: error.message, status: .unprocessableContent)
        }
    }

    /// One step from a closed time poll: its title and winning slot, the place and zone the
    /// poll's page asked. A slot that is not a date and time opens the form to finish instead.
    @Sendable func fromPoll(_ request: Request, context: AssemblyContext) async throws -> Response {
        guard let poll = context.parameters.get("proposal"), poll.count <= 64 else { throw Refusal.notFound }
        let asked = try await FormDecoding.decode(PollMeetingForm.self, from: request, context: context)
        let winner = try await service.pollWinner(ID(poll), in: context.assembly)
        var form = MeetingForm()
        form.title = winner.proposal.draft.title
        form.poll = poll
        form.startsLocal = winner.local
        form.pollSlot = winner.slot
        form.timeZone = asked.timeZone
        form.place = asked.place
        form.lengthMinutes = asked.lengthMinutes
        guard winner.local != nil else {
            return try await renderList(context, form: form, error: "The winning slot “\(winner.slot)” is not a date and time: give them below.",
                                        status: .unprocessableContent)
        }
        do {
            let meeting = try await service.create(form, in: context.assembly, by: context.account)
            return seeOther(Paths.meeting(meeting.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await renderList(context, form: form, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func meetingPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await render(context, id: try Self.meetingID(context), error: nil, status: .ok)
    }

    private func render(_ context: AssemblyContext, id: ID<Meeting>, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let seen = try await service.seen(id, in: context.assembly, by: context.account)
        let meeting = seen.meeting
        let now = service.now
        let link = Paths.meeting(meeting.id, in: context.assembly.id)
        let view = MeetingView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            listLink: Paths.meetings(context.assembly.id), title: meeting.title, when: ZonedTimeView(meeting.starts),
            until: ZonedTimeView.until(meeting.endsAt, zone: meeting.starts.zone), place: meeting.place, assemblyMeeting: meeting.assemblyMeeting,
            agenda: meeting.agenda.map { .init(text: $0.text, link: $0.proposal.map { Paths.proposal($0, in: context.assembly.id) }) },
            hasAgenda: !meeting.agenda.isEmpty, cancelled: meeting.cancelledAt != nil, over: now >= meeting.endsAt, counts: seen.counts,
            answers: [(RSVP.yes, "Yes, I will come"), (.maybe, "Maybe"), (.no, "No")].map { .init(value: $0.0.rawValue, label: $0.1, chosen: seen.mine == $0.0) },
            answerAction: link + "/answer",
            yesNames: (seen.names[.yes] ?? []).joined(separator: ", "), maybeNames: (seen.names[.maybe] ?? []).joined(separator: ", "),
            noNames: (seen.names[.no] ?? []).joined(separator: ", "),
            minutesBy: seen.minutesByName, minutes: meeting.minutes,
            mayWriteMinutes: context.access == .member && meeting.minutesRefusal(by: context.account.id, now: now) == nil,
            minutesAction: link + "/minutes",
            mayCancel: context.access == .member && meeting.cancelledAt == nil && meeting.cancelRefusal(by: context.account.id, now: now) == nil,
            cancelAction: link + "/cancel", icsLink: link + "/ics",
            pollLink: meeting.fromPoll.map { Paths.proposal($0, in: context.assembly.id) }, error: error)
        return pages.render("meeting", view, status: status)
    }

    /// The meeting alone, as a calendar file to open or import.
    @Sendable func icsFile(_ request: Request, context: AssemblyContext) async throws -> Response {
        let seen = try await service.seen(try Self.meetingID(context), in: context.assembly, by: context.account)
        let calendar = CalendarDocument.meeting(seen.meeting, assemblyName: context.assembly.name, publicURL: service.environment.configuration.publicURL)
        return CalendarDocument.response(calendar.rendered(stamp: service.now), filename: "meeting.ics")
    }

    @Sendable func answer(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.meetingID(context)
        let form = try await FormDecoding.decode(AnswerForm.self, from: request, context: context)
        do {
            try await service.answer(id, form.answer, in: context.assembly, by: context.account)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.meeting(id, in: context.assembly.id))
    }

    @Sendable func minutes(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.meetingID(context)
        let form = try await FormDecoding.decode(MinutesForm.self, from: request, context: context)
        do {
            try await service.writeMinutes(id, text: form.minutes, in: context.assembly, by: context.account)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.meeting(id, in: context.assembly.id) + "#minutes")
    }

    @Sendable func cancel(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.meetingID(context)
        do {
            try await service.cancel(id, in: context.assembly, by: context.account)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.meeting(id, in: context.assembly.id))
    }

    static func meetingID(_ context: AssemblyContext) throws -> ID<Meeting> {
        guard let id = context.parameters.get("meeting"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }
}

/// The new-meeting form.
struct MeetingForm: Decodable, Sendable {
    var title: String?
    var startsLocal: String?
    var timeZone: String?
    var lengthMinutes: Int?
    var place: String?
    var agenda: String?
    var assemblyMeeting: String?
    var minutesBy: String?
    var proposals: [String]?
    var poll: String?
    /// Shown, not sent back.
    var pollSlot: String?

    init() {}
}

/// A time poll's page asks only these to make the meeting in one step.
struct PollMeetingForm: Decodable, Sendable {
    let place: String?
    let timeZone: String?
    let lengthMinutes: Int?
}

struct AnswerForm: Decodable, Sendable {
    let answer: String?
}

struct MinutesForm: Decodable, Sendable {
    let minutes: String?
}
