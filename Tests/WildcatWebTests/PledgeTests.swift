import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Sealed threshold pledges through the pages and the API: counts only, then the pledgers to
/// each other only; an expired pledge reveals nobody.
@Suite("Pledges")
struct PledgeTests {
    @Test func aPledgeShowsOnlyItsCountThenRevealsThePledgersToEachOtherOnly() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), karl = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            _ = try await karl.signUp(link: try await rosa.invite(path), pseudonym: "Karl")
            // Two of three (2/3 exactly) or 5 people.
            try await rosa.get(path + "/pledges")
            let deadline = Self.local(app.clock.now.addingTimeInterval(2 * 86400))
            // Bad input is refused and makes nothing.
            let bad = try await rosa.post(path + "/pledges", ["text": "Walk out", "share": "150", "deadlineLocal": deadline, "utcOffsetMinutes": "0"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("percentage from 1 to 100"))
            let late = try await rosa.post(path + "/pledges", ["text": "Walk out", "share": "50", "deadlineLocal": Self.local(app.clock.now.addingTimeInterval(600)), "utcOffsetMinutes": "0"])
            #expect(late.status == .unprocessableContent && late.body.contains("between an hour and 60 days"))
            let made = try await rosa.post(path + "/pledges", ["text": "Walk out on Friday", "share": "2/3", "count": "5", "deadlineLocal": deadline,
                                                                "utcOffsetMinutes": "0", "pledgeToo": "true"])
            let pledge = try #require(made.location)
            let page = try await lucy.get(pledge)
            #expect(page.body.contains(#"<strong class="pledged">1</strong> of 2"#))
            #expect(!page.body.contains("Rosa</li>") && !page.body.contains("Who pledged"))
            // Lucy pledges twice: it counts once, and it reaches 2/3: the pledgers see each other.
            #expect(try await lucy.post(pledge + "/pledge").status == .seeOther)
            let reached = try await lucy.get(pledge)
            #expect(reached.body.contains("The threshold was reached") && reached.body.contains("<li>Rosa</li>") && reached.body.contains("<li>Lucy</li>"))
            #expect(reached.body.contains("Propose it as a decision"))
            try await lucy.post(pledge + "/pledge")
            #expect(try await lucy.get(pledge).body.contains(#"<strong class="pledged">2</strong>"#))
            // Karl did not pledge: he learns it was reached, never who.
            let seen = try await karl.get(pledge)
            #expect(seen.body.contains("Only those who pledged see who they are") && !seen.body.contains("<li>Rosa</li>"))
            #expect(try await karl.post(pledge + "/pledge").status == .seeOther)
            #expect(try await karl.get(pledge).body.contains(#"<strong class="pledged">2</strong>"#))
            // The pledgers got the alert live, Karl did not.
            let events = try await app.store.events(after: 0, limit: 1000)
            let reveal = try #require(events.first { if case .pledgeReached = $0.payload { return true } else { return false } })
            #expect(!reveal.isVisible(to: ID(try #require(try await karl.account(path))), memberOf: [reveal.assemblyID]))
            #expect(reveal.isVisible(to: ID(try #require(try await lucy.account(path))), memberOf: [reveal.assemblyID]))
            // A stranger to the assembly reads nothing of it.
            let stranger = Browser(client)
            _ = try await stranger.signUp(link: try await lucy.invite(try await lucy.found("Elsewhere")), pseudonym: "Stranger")
            #expect(try await stranger.get(pledge).status == .notFound)
        }
    }

    @Test func anExpiredPledgeRevealsNobodyAndAWithdrawalCountsAtOnce() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            try await rosa.get(path + "/pledges")
            let pledge = try #require(try await rosa.post(path + "/pledges", [
                "text": "Refuse overtime", "count": "3", "deadlineLocal": Self.local(app.clock.now.addingTimeInterval(7200)), "utcOffsetMinutes": "0",
                "pledgeToo": "true"]).location)
            try await lucy.get(pledge)
            try await lucy.post(pledge + "/pledge")
            // Lucy withdraws, then pledges again.
            try await lucy.post(pledge + "/withdraw")
            #expect(try await lucy.get(pledge).body.contains(#"<strong class="pledged">1</strong>"#))
            try await lucy.post(pledge + "/pledge")
            app.clock.advance(by: 7201)
            #expect(try await app.store.expirePledges(now: app.clock.now) == 1)
            let page = try await lucy.get(pledge)
            #expect(page.body.contains("nobody was revealed") && !page.body.contains("<li>Rosa</li>"))
            #expect(try await lucy.post(pledge + "/pledge").status == .seeOther)
            #expect(try await lucy.get(pledge).body.contains(#"<strong class="pledged">0</strong>"#))
        }
    }

    @Test func theAPIPledgesWithTheSameRules() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            var rosa = APIClient(client: client)
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            rosa.token = try await rosa.call(.post, "/accounts", ["inviteToken": first, "pseudonym": "Rosa", "passphrase": "bread and roses too"]).object["token"] as? String
            let id = try #require(try await rosa.call(.post, "/assemblies", ["name": "Depot"]).object["id"] as? String)
            let lucy = try await APIClient.signUp(client, invite: try await rosa.invite(to: id), as: "Lucy")
            let karl = try await APIClient.signUp(client, invite: try await rosa.invite(to: id), as: "Karl")
            let deadline = TimeText.iso(app.clock.now.addingTimeInterval(86400))
            #expect(try await rosa.call(.post, "/assemblies/\(id)/pledges", ["text": "Walk out", "deadline": deadline]).status == .unprocessableContent)
            let made = try await rosa.call(.post, "/assemblies/\(id)/pledges", ["text": "Walk out", "count": 2, "deadline": deadline, "pledge": true])
            #expect(made.status == .created && made.object["pledged"] as? Int == 1 && made.object["mine"] as? Bool == true)
            let pledge = try #require(made.object["id"] as? String)
            let open = try await karl.call(.get, "/assemblies/\(id)/pledges")
            #expect(open.array.first?["pledged"] as? Int == 1 && open.array.first?["pledgers"] == nil)
            let reached = try await lucy.call(.post, "/assemblies/\(id)/pledges/\(pledge)/pledge")
            #expect(reached.object["state"] as? String == "reached" && (reached.object["pledgers"] as? [String])?.sorted() == ["Lucy", "Rosa"])
            let outsider = try await karl.call(.get, "/assemblies/\(id)/pledges/\(pledge)")
            #expect(outsider.object["state"] as? String == "reached" && outsider.object["pledgers"] == nil)
            #expect(try await karl.call(.get, "/assemblies/\(id)/pledges/nosuch").status == .notFound)
        }
    }

    /// "2026-11-28T17:00" in UTC, as a date-and-time field sends it.
    static func local(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
