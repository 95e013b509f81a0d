import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Meetings and actions as iCalendar documents: one meeting's file, or a member's whole feed.
/// Every event links back to its page.
enum CalendarDocument {
    static func meeting(_ meeting: Meeting, assemblyName: String, publicURL: String) -> ICalendar {
        ICalendar(name: assemblyName, events: [
            ICalendar.Event(uid: "meeting-\(meeting.id)@wildcat", title: meeting.title, starts: meeting.starts, endsAt: meeting.endsAt,
                            place: meeting.place, description: "\(assemblyName): meeting", url: publicURL + Paths.meeting(meeting.id, in: meeting.assemblyID),
                            cancelled: meeting.cancelledAt != nil),
        ])
    }

    static func feed(_ entries: [CalendarEntry], publicURL: String) -> ICalendar {
        ICalendar(name: "Wildcat", events: entries.map { entry in
            let link = entry.kind == .meeting ? Paths.meeting(ID(entry.id), in: entry.assemblyID) : Paths.action(ID(entry.id), in: entry.assemblyID)
            return ICalendar.Event(uid: "\(entry.kind.rawValue)-\(entry.id)@wildcat", title: entry.title, starts: entry.starts, endsAt: entry.endsAt,
                                   place: entry.place, description: "\(entry.assemblyName): \(entry.kind.rawValue)", url: publicURL + link,
                                   cancelled: entry.cancelled)
        })
    }

    static func response(_ text: String, filename: String) -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = "text/calendar; charset=utf-8"
        response.headers[.contentDisposition] = "inline; filename=\"\(filename)\""
        // Feeds change; calendar apps poll them.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
