import Foundation
import SQLKit
import WildcatDomain

/// A meeting with what one member sees of it: the counts, the names, their own answer.
public struct MeetingSeen: Sendable {
    public let meeting: Meeting
    public let counts: RSVPCount
    public let mine: RSVP?
    /// Pseudonyms by answer.
    public let names: [RSVP: [String]]
    public let minutesByName: String?
}

extension Store {
    static let meetingColumns = """
        m.id, m.assembly_id, m.title, m.starts_at, m.ends_at, m.time_zone, m.place, m.agenda, m.assembly_meeting, m.minutes_by, m.minutes,
        m.from_poll, m.cancelled_at, m.created_by
        """

    static func meeting(_ row: any SQLRow) throws -> Meeting {
        Meeting(id: ID(try row.string("id")), assemblyID: ID(try row.string("assembly_id")), title: try row.string("title"),
                starts: ZonedTime(instant: try row.date("starts_at"), zone: try row.string("time_zone")), endsAt: try row.date("ends_at"),
                place: try row.string("place"), agenda: try StoredJSON.decode([AgendaItem].self, try row.string("agenda")),
                assemblyMeeting: try row.flag("assembly_meeting"), minutesBy: try row.optionalString("minutes_by").map(ID.init),
                minutes: try row.optionalString("minutes"), fromPoll: try row.optionalString("from_poll").map(ID.init),
                cancelledAt: try row.optionalDate("cancelled_at"), createdBy: try row.optionalString("created_by").map(ID.init))
    }

    /// A new meeting. Proposals on its agenda and the member who writes the minutes must be the
    /// assembly's own; anything else is refused and nothing is written.
    public func createMeeting(_ request: MeetingRequest, in assembly: ID<Assembly>, by member: ID<Account>, now: Date) async throws -> Meeting {
        let id = ID<Meeting>(RandomText.identifier())
        try await write { tx in
            if let taker = request.minutesBy, try await tx.db.raw("""
                SELECT 1 AS found FROM memberships WHERE assembly_id = \(bind: assembly.rawValue) AND account_id = \(bind: taker.rawValue)
                """).first() == nil {
                throw InputError(field: "minutesBy", "Whoever writes the minutes is a member of the assembly.")
            }
            for item in request.agenda {
                guard let proposal = item.proposal else { continue }
                guard try await tx.db.raw("""
                    SELECT 1 AS found FROM proposals WHERE id = \(bind: proposal.rawValue) AND assembly_id = \(bind: assembly.rawValue)
                    """).first() != nil else { throw InputError(field: "proposals", "An agenda's proposals are the assembly's own.") }
            }
            try await tx.db.raw("""
                INSERT INTO meetings (id, assembly_id, title, starts_at, ends_at, time_zone, place, agenda, assembly_meeting, minutes_by, from_poll, created_by, created_at)
                VALUES (\(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: request.title), \(bind: request.starts.instant.storeMillis),
                        \(bind: request.endsAt.storeMillis), \(bind: request.starts.zone), \(bind: request.place), \(bind: try StoredJSON.encode(request.agenda)),
                        \(bind: request.assemblyMeeting ? 1 : 0), \(bind: request.minutesBy?.rawValue), \(bind: request.fromPoll?.rawValue), \(bind: member.rawValue), \(bind: now.storeMillis))
                """).run()
        }
        guard let meeting = try await meeting(id, in: assembly) else { throw StoreError.corruptRow("meeting just made") }
        return meeting
    }

    public func meeting(_ id: ID<Meeting>, in assembly: ID<Assembly>) async throws -> Meeting? {
        try await read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m WHERE m.id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.meeting)
        }
    }

    /// Meetings that have not ended (soonest first), then the latest past ones.
    public func meetings(in assembly: ID<Assembly>, now: Date, limit: Int = 100) async throws -> (coming: [Meeting], past: [Meeting]) {
        try await read { db in
            let coming = try await db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m
                WHERE m.assembly_id = \(bind: assembly.rawValue) AND m.ends_at > \(bind: now.storeMillis) ORDER BY m.starts_at, m.id LIMIT \(bind: limit)
                """).all().map(Self.meeting)
            let past = try await db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m
                WHERE m.assembly_id = \(bind: assembly.rawValue) AND m.ends_at <= \(bind: now.storeMillis) ORDER BY m.starts_at DESC, m.id LIMIT 20
                """).all().map(Self.meeting)
            return (coming, past)
        }
    }

    /// The meeting with its answers as a member sees them.
    public func meetingSeen(_ id: ID<Meeting>, in assembly: ID<Assembly>, by member: ID<Account>) async throws -> MeetingSeen? {
        try await read { db in
            guard let meeting = try await db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m WHERE m.id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.meeting) else { return nil }
            var counts = RSVPCount()
            var names: [RSVP: [String]] = [:]
            var mine: RSVP?
            for row in try await db.raw("""
                SELECT r.answer, r.account_id, a.pseudonym FROM meeting_rsvps r JOIN accounts a ON a.id = r.account_id
                WHERE r.meeting_id = \(bind: id.rawValue) ORDER BY a.pseudonym_key
                """).all() {
                guard let answer = RSVP(rawValue: try row.string("answer")) else { continue }
                switch answer {
                case .yes: counts.yes += 1
                case .maybe: counts.maybe += 1
                case .no: counts.no += 1
                }
                names[answer, default: []].append(try row.string("pseudonym"))
                if try row.string("account_id") == member.rawValue { mine = answer }
            }
            let taker = try await meeting.minutesBy.asyncMap { taker in
                try await db.raw("SELECT pseudonym FROM accounts WHERE id = \(bind: taker.rawValue)").first()?.string("pseudonym")
            } ?? nil
            return MeetingSeen(meeting: meeting, counts: counts, mine: mine, names: names, minutesByName: taker)
        }
    }

    /// A member's answer; a second answer replaces the first. Refused for a cancelled or past meeting.
    public func answer(_ id: ID<Meeting>, in assembly: ID<Assembly>, by member: ID<Account>, _ answer: RSVP, now: Date) async throws {
        try await write { tx in
            guard let meeting = try await tx.db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m WHERE m.id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.meeting) else { throw Refusal.notFound }
            if let refusal = meeting.rsvpRefusal(now: now) { throw refusal }
            try await tx.db.raw("""
                INSERT INTO meeting_rsvps (meeting_id, assembly_id, account_id, answer)
                VALUES (\(bind: id.rawValue), \(bind: assembly.rawValue), \(bind: member.rawValue), \(bind: answer.rawValue))
                ON CONFLICT (meeting_id, account_id) DO UPDATE SET answer = excluded.answer
                """).run()
        }
    }

    /// The minutes, by the member the meeting named, once it has begun.
    public func writeMinutes(_ id: ID<Meeting>, in assembly: ID<Assembly>, by member: ID<Account>, text: String, now: Date) async throws {
        try await write { tx in
            guard let meeting = try await tx.db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m WHERE m.id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.meeting) else { throw Refusal.notFound }
            if let refusal = meeting.minutesRefusal(by: member, now: now) { throw refusal }
            try await tx.db.raw("UPDATE meetings SET minutes = \(bind: text) WHERE id = \(bind: id.rawValue)").run()
        }
    }

    /// Cancels a meeting still to come; the calendar feeds then show it cancelled.
    public func cancelMeeting(_ id: ID<Meeting>, in assembly: ID<Assembly>, by member: ID<Account>, now: Date) async throws {
        try await write { tx in
            guard let meeting = try await tx.db.raw("""
                SELECT \(unsafeRaw: Self.meetingColumns) FROM meetings m WHERE m.id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assembly.rawValue)
                """).first().map(Self.meeting) else { throw Refusal.notFound }
            guard meeting.cancelledAt == nil else { return }
            if let refusal = meeting.cancelRefusal(by: member, now: now) { throw refusal }
            try await tx.db.raw("UPDATE meetings SET cancelled_at = \(bind: now.storeMillis) WHERE id = \(bind: id.rawValue)").run()
        }
    }

    /// Meetings beginning within `lead` that were not yet reminded: those who answered yes or
    /// maybe are told through their alert channels, once (the conditional update makes sure).
    public func remindMeetings(now: Date, lead: TimeInterval) async throws -> Int {
        try await write { tx in
            let due = try await tx.db.raw("""
                UPDATE meetings SET reminded_at = \(bind: now.storeMillis)
                WHERE reminded_at IS NULL AND cancelled_at IS NULL AND starts_at > \(bind: now.storeMillis)
                  AND starts_at <= \(bind: (now + lead).storeMillis)
                RETURNING id, assembly_id, title
                """).all()
            for row in due {
                let id = ID<Meeting>(try row.string("id")), assembly = ID<Assembly>(try row.string("assembly_id"))
                try await tx.enqueueAlert(.meetingSoon, key: "meeting:\(id)", in: assembly, to: .meetingGoers(id), title: nil,
                                          link: "/a/\(assembly)/meetings/\(id)", now: now)
            }
            return due.count
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
