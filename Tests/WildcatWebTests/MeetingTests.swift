import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Meetings and calendar feeds through the pages: bad input changes nothing, answers close with
/// the meeting, a revoked feed answers nothing.
@Suite("Meetings")
struct MeetingTests {
    @Test func aMeetingIsCalledAnsweredCancelledAndItsFeedRevoked() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            try await rosa.get(path + "/meetings")
            let form = ["title": "Before work", "startsLocal": "2027-03-28T02:30", "timeZone": "Europe/Berlin", "lengthMinutes": "60",
                        "place": "Café Rosa", "agenda": "Overtime"]
            // A time the clocks skip, an unknown zone, a hostile place: refused, the form kept, nothing made.
            let skipped = try await rosa.post(path + "/meetings", form)
            #expect(skipped.status == .unprocessableContent && skipped.body.contains("daylight saving") && skipped.body.contains("Café Rosa"))
            var bad = form
            bad["startsLocal"] = "2027-03-30T07:30"
            bad["timeZone"] = "Mars/Olympus"
            #expect(try await rosa.post(path + "/meetings", bad).body.contains("Choose a time zone"))
            bad["timeZone"] = "Europe/Berlin"
            bad["place"] = "<b>here</b>"
            #expect(try await rosa.post(path + "/meetings", bad).status == .unprocessableContent)
            #expect(!(try await rosa.get(path + "/meetings").body.contains("/meetings/")))
            // Made.
            var good = form
            good["startsLocal"] = "2027-03-30T07:30"
            let meeting = try #require(try await rosa.post(path + "/meetings", good).location)
            let page = try await lucy.get(meeting)
            #expect(page.body.contains("Tue 30 Mar 2027, 07:30, Europe/Berlin"))
            #expect(try await lucy.post(meeting + "/answer", ["answer": "yes"]).status == .seeOther)
            #expect(try await lucy.post(meeting + "/answer", ["answer": "perhaps"]).status == .unprocessableContent)
            #expect(try await lucy.get(meeting).body.contains(#"<strong data-rsvp="yes">1</strong>"#))
            // Lucy did not call it: she cannot cancel it. Rosa can; then answers are refused.
            #expect(try await lucy.post(meeting + "/cancel").status == .unprocessableContent)
            try await rosa.get(meeting)
            #expect(try await rosa.post(meeting + "/cancel").status == .seeOther)
            try await lucy.get(meeting)
            let late = try await lucy.post(meeting + "/answer", ["answer": "no"])
            #expect(late.status == .unprocessableContent && late.body.contains("cancelled"))
            #expect(try await lucy.get(meeting).body.contains(#"<strong data-rsvp="yes">1</strong>"#))

            // The feed shows it cancelled; once revoked, it answers nothing but why.
            try await lucy.get("/account/calendar")
            let made = try await lucy.post("/account/calendar")
            let link = try #require(made.body.firstMatch(of: /value="http:\/\/wildcat\.test(\/calendar\/[^"]+)"/)).1
            let anonymous = Browser(client)
            let feed = try await anonymous.get(String(link))
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.body.contains("SUMMARY:Before work\r\n") && feed.body.contains("STATUS:CANCELLED\r\n"))
            #expect(feed.body.contains("DTSTART:20270330T053000Z\r\n"))
            try await lucy.post("/account/calendar/revoke")
            let revoked = try await anonymous.get(String(link))
            #expect(revoked.status == .notFound && revoked.body.contains("revoked") && !revoked.body.contains("Before work"))
            #expect(try await anonymous.get("/calendar/nonsense.ics").status == .notFound)
            // A stranger to the assembly reads none of it, nor its .ics.
            let stranger = Browser(client)
            _ = try await stranger.signUp(link: try await lucy.invite(try await lucy.found("Elsewhere")), pseudonym: "Stranger")
            #expect(try await stranger.get(meeting).status == .notFound)
            #expect(try await stranger.get(meeting + "/ics").status == .notFound)
        }
    }

    @Test func aClosedTimePollBecomesAMeetingInOneStep() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            try await rosa.get(path + "/p/new?method=timepoll")
            let poll = try #require(try await rosa.post(path + "/p", ["title": "When do we meet", "method": "timepoll",
                                                                      "options": "2027-03-30 07:30\nSaturday lunch", "closes": "3d", "utcOffsetMinutes": "0"]).location)
            try await rosa.get(poll)
            // Still open: no meeting yet.
            #expect(try await rosa.post(path + "/meetings/from-poll/" + poll.split(separator: "/").last!, ["place": "Café", "timeZone": "UTC"]).status
                    == .unprocessableContent)
            try await rosa.get(poll)
            try await rosa.post(poll + "/vote", ["slot[o0]": "yes", "slot[o1]": "no"])
            let closed = try await rosa.get(poll)
            #expect(closed.body.contains("Make it a meeting"))
            let made = try await rosa.post(path + "/meetings/from-poll/" + poll.split(separator: "/").last!,
                                           ["place": "Café Rosa", "timeZone": "Europe/Berlin", "lengthMinutes": "90"])
            let meeting = try #require(made.location)
            let page = try await rosa.get(meeting)
            #expect(page.body.contains("When do we meet") && page.body.contains("Tue 30 Mar 2027, 07:30, Europe/Berlin") && page.body.contains("until 09:00"))
        }
    }
}
