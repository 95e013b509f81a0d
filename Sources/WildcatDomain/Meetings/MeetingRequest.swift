import Foundation

/// A new meeting, checked: a title, a time in a named zone that has not passed, a length of 15
/// minutes to 12 hours, a place, and an agenda of up to 30 points.
public struct MeetingRequest: Sendable, Hashable {
    public static let titleLength = 1...200
    public static let placeLength = 1...500
    public static let agendaItemLength = 1...300
    public static let agendaLimit = 30
    public static let minutesRange = 15...720
    public static let minutesTextLimit = 20_000

    public let title: String
    public let starts: ZonedTime
    public let endsAt: Date
    public let place: String
    public let agenda: [AgendaItem]
    public let assemblyMeeting: Bool
    public let minutesBy: ID<Account>?
    public let fromPoll: ID<Proposal>?

    /// `agendaText` is one point per line; `proposals` are added as points of their own (an
    /// assembly meeting's decisions), each with its title.
    public init(title: String, startsLocal: String, timeZone: String, lengthMinutes: Int, place: String, agendaText: String,
                proposals: [(ID<Proposal>, String)] = [], assemblyMeeting: Bool, minutesBy: ID<Account>?, fromPoll: ID<Proposal>? = nil,
                now: Date) throws(InputError) {
        self.title = try FreeText.validate(title, field: "title", noun: "The meeting's title", length: Self.titleLength)
        self.starts = try ZonedTime(local: startsLocal, zone: timeZone, field: "startsLocal")
        guard starts.instant > now else {
            throw InputError(field: "startsLocal", "That time has passed. Give a time still to come.")
        }
        guard Self.minutesRange.contains(lengthMinutes) else {
            throw InputError(field: "lengthMinutes", "A meeting lasts 15 minutes to 12 hours.")
        }
        self.endsAt = starts.instant + TimeInterval(lengthMinutes * 60)
        self.place = try FreeText.validate(place, field: "place", noun: "The place", length: Self.placeLength)
        var items: [AgendaItem] = []
        for line in agendaText.split(whereSeparator: \.isNewline) where !String(line).trimmingWhitespace().isEmpty {
            items.append(AgendaItem(text: try FreeText.validate(String(line), field: "agenda", noun: "An agenda point", length: Self.agendaItemLength)))
        }
        for (id, title) in proposals { items.append(AgendaItem(text: title, proposal: id)) }
        guard items.count <= Self.agendaLimit else {
            throw InputError(field: "agenda", "An agenda has at most \(Self.agendaLimit) points.")
        }
        self.agenda = items
        self.assemblyMeeting = assemblyMeeting
        self.minutesBy = minutesBy
        self.fromPoll = fromPoll
    }

    /// Minutes as written: up to 20,000 characters, line breaks kept.
    public static func minutes(_ raw: String) throws(InputError) -> String {
        try LongText.validate(raw, field: "minutes", noun: "The minutes", length: 1...minutesTextLimit)
    }
}

/// A time poll's winning slot, when it was written as a date and time ("2026-12-01 07:30",
/// optionally with more words after it): the meeting can then be made in one step.
public enum PollSlot {
    public static func localTime(_ slot: String) -> String? {
        let words = slot.trimmingWhitespace().split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return nil }
        var candidate = String(first)
        if !candidate.contains("T"), words.count >= 2 { candidate += "T" + words[1] }
        guard Deadline.parse(candidate) != nil, candidate.count == 16 else { return nil }
        return candidate
    }
}
