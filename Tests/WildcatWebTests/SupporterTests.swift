import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Actions, their public pages and supporters, through the pages: what an informer, a spammer
/// or a guesser might try, each refused with its reason and changing nothing.
@Suite("Supporters")
struct SupporterTests {
    /// An assembly of two with a called, published picket with one shift of two places.
    static func published(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (rosa: Browser, lucy: Browser, path: String, action: String, page: String) {
        let rosa = Browser(client), lucy = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
        let path = try await rosa.found("Store 14")
        _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
        try await rosa.get(path + "/actions")
        let action = try #require(try await rosa.post(path + "/actions", ["kind": "picket", "title": "Picket the depot", "startsLocal": Self.start(app),
                                                                          "timeZone": "UTC", "hours": "12", "place": "Gates"]).location)
        try await rosa.get(action)
        #expect(try await rosa.post(action + "/shifts", ["role": "Gate 2", "startsLocal": Self.start(app), "hours": "4", "needed": "2"]).status == .seeOther)
        try await rosa.post(action + "/public", ["publicText": "Join us", "callNumber": "+44 20 7946 0000", "callPoints": "Rehire Ines"])
        for what in ["call", "publish"] {
            try await rosa.get(action)
            let proposal = try #require(try await rosa.post(action + "/propose", ["to": what, "closes": "3d"]).location)
            for member in [rosa, lucy] {
                try await member.get(proposal)
                try await member.post(proposal + "/vote", ["choice": "yes"])
            }
        }
        let seen = try await rosa.get(action)
        let page = String(try #require(seen.body.firstMatch(of: /value="http:\/\/wildcat\.test(\/s\/[^"]+)"/)).1)
        return (rosa, lucy, path, action, page)
    }

    /// Two days from now on the test clock, in whole minutes (UTC), plus `hours`.
    static func start(_ app: TestApp, plus hours: Int = 0) -> String {
        PledgeTests.local(Date(timeIntervalSince1970: (app.clock.now.timeIntervalSince1970 / 60).rounded(.down) * 60 + 2 * 86400 + Double(hours) * 3600))
    }

    static func challenge(_ page: Browser.Page) throws -> String {
        String(try #require(page.body.firstMatch(of: /name="challenge" value="([^"]+)"/)).1)
    }

    static func shiftID(_ page: Browser.Page) throws -> String {
        String(try #require(page.body.firstMatch(of: /name="shifts\[\]" value="([^"]+)"/)).1)
    }

    @Test func aSupporterSignsUpSeesOnlyTheActionAndIsRemovedByAMember() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, _, path, action, page) = try await Self.published(app, client)
            let ana = Browser(client)
            let open = try await ana.get(page)
            #expect(open.status == .ok && open.body.contains("Join us") && open.body.contains("+44 20 7946 0000"))
            #expect(!open.body.contains("Rosa") && !open.body.contains("Store 14") && !open.body.contains(path))
            let challenge = try Self.challenge(open)
            let hostile = "Ana \"'&amp; Robert'); DROP TABLE supporters;--"
            let signed = try await ana.post(page + "/sign-up", ["name": hostile, "contact": "ana@example.org", "shifts[]": try Self.shiftID(open),
                                                                "challenge": challenge, "nonce": ProofOfWork.solve(challenge, bits: 16)])
            #expect(signed.status == .seeOther && signed.headers[values: .setCookie].contains { $0.hasPrefix("wc_supporter=") && $0.contains("HttpOnly") })
            // The same challenge does not count twice.
            let again = try await Browser(client).post(page + "/sign-up", ["name": "Bo", "challenge": challenge, "nonce": ProofOfWork.solve(challenge, bits: 16)],
                                                        csrf: ana.lastCSRF)
            #expect(again.status != .seeOther)
            // The hostile name is text in every view: Ana's page, the members' page.
            let mine = try await ana.get(page)
            #expect(mine.body.contains("You signed up, Ana &quot;&#39;&amp;amp; Robert&#39;); DROP TABLE supporters;--"))
            #expect(!mine.body.contains("Robert'); DROP"))
            try await ana.post(page + "/called")
            let members = try await rosa.get(action)
            #expect(members.body.contains("Ana &quot;&#39;&amp;amp; Robert&#39;); DROP TABLE supporters;--") && members.body.contains("ana@example.org"))
            #expect(members.body.contains(#"<strong class="supporter-count">1</strong>"#) && members.body.contains(#"<strong class="coverage">1 of 2</strong>"#))
            // A supporter never reaches the assembly, its members or its chat.
            #expect(try await ana.get(path).headers[.location]?.hasPrefix("/login") == true)
            #expect(try await ana.get(action).headers[.location]?.hasPrefix("/login") == true)
            let own = try await ana.get("/supporter")
            #expect(own.body.contains("Picket the depot") && !own.body.contains("Store 14"))
            #expect(own.body.contains("Ana &quot;&#39;&amp;amp; Robert&#39;); DROP TABLE supporters;--'s actions") && !own.body.contains("Robert'); DROP"))
            // Rosa removes her: the place is free, and she sees the action no more.
            let supporter = String(try #require(members.body.firstMatch(of: /supporters\/([a-z0-9]+)\/remove/)).1)
            #expect(try await rosa.post(action + "/supporters/\(supporter)/remove").status == .seeOther)
            #expect(try await rosa.get(action).body.contains(#"<strong class="coverage">0 of 2</strong>"#))
            #expect(!(try await ana.get("/supporter")).body.contains("Picket the depot"))
            let refused = try await ana.get(page)
            let back = try await ana.post(page + "/sign-up", ["name": "Ana", "challenge": try Self.challenge(refused),
                                                              "nonce": ProofOfWork.solve(try Self.challenge(refused), bits: 16)])
            #expect(back.status == .forbidden && back.body.contains("removed you"))
        }
    }

    @Test func spamIsSlowedAndRefusedAndBadAddressesSaySo() async throws {
        var limits = RateLimits.standard
        limits.supporterSignupsPerAddress = RateLimit(2, per: 3600)
        let app = try await TestApp.make(rateLimits: limits)
        try await app.run { client in
            let (rosa, _, _, action, page) = try await Self.published(app, client)
            let bot = Browser(client)
            var open = try await bot.get(page)
            // Without work, a form sent at once is refused; one sent after the wait is taken.
            let hasty = try await bot.post(page + "/sign-up", ["name": "Bot", "challenge": try Self.challenge(open)])
            #expect(hasty.status == .unprocessableContent && hasty.body.contains("wait"))
            open = try await bot.get(page)
            let forged = try await bot.post(page + "/sign-up", ["name": "Bot", "challenge": "1800000000.00.ffff", "nonce": "1"])
            #expect(forged.status == .unprocessableContent && forged.body.contains("not one this server made"))
            open = try await bot.get(page)
            let wrong = try await bot.post(page + "/sign-up", ["name": "Bot", "challenge": try Self.challenge(open), "nonce": "1"])
            #expect(wrong.status == .unprocessableContent || wrong.status == .tooManyRequests)
            // The address's sign-ups are limited, whatever the work.
            open = try await bot.get(page)
            let limited = try await bot.post(page + "/sign-up", ["name": "Bot", "challenge": try Self.challenge(open),
                                                                  "nonce": ProofOfWork.solve(try Self.challenge(open), bits: 16)])
            #expect(limited.status == .tooManyRequests)
            #expect(!(try await rosa.get(action)).body.contains("Bot"))
            // A guessed address is unknown; a withdrawn one says so.
            #expect(try await Browser(client).get("/s/" + String(repeating: "A", count: 43)).status == .notFound)
            #expect(try await Browser(client).get("/s/short").status == .notFound)
            try await rosa.get(action)
            #expect(try await rosa.post(action + "/withdraw").status == .seeOther)
            let gone = try await Browser(client).get(page)
            #expect(gone.status == .gone && gone.body.contains("withdrew"))
            #expect(!gone.body.contains("Join us"))
        }
    }

    @Test func fullOverlappingAndPassedShiftsAreRefusedWithTheReason() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, _, action, page) = try await Self.published(app, client)
            try await rosa.get(action)
            try await rosa.post(action + "/shifts", ["role": "Gate 3", "startsLocal": Self.start(app, plus: 2), "hours": "4", "needed": "1"])
            // A shift outside the action's time, or needing nobody: refused, the form kept.
            let outside = try await rosa.post(action + "/shifts", ["role": "Night", "startsLocal": Self.start(app, plus: 10), "hours": "4", "needed": "1"])
            #expect(outside.status == .unprocessableContent && outside.body.contains("within its action") && outside.body.contains("Night"))
            let seen = try await rosa.get(action)
            let shifts = seen.body.matches(of: /shifts\/([a-z0-9]+)\/take/).map { String($0.1) }
            #expect(shifts.count == 2)
            #expect(try await rosa.post(action + "/shifts/\(shifts[0])/take").status == .seeOther)
            try await rosa.get(action)
            let overlap = try await rosa.post(action + "/shifts/\(shifts[1])/take")
            #expect(overlap.status == .unprocessableContent && overlap.body.contains("two places"))
            try await lucy.get(action)
            #expect(try await lucy.post(action + "/shifts/\(shifts[1])/take").status == .seeOther)
            // A supporter asking for the full shift gets the reason and nothing is kept.
            let ana = Browser(client)
            let open = try await ana.get(page)
            let challenge = try Self.challenge(open)
            let full = try await ana.post(page + "/sign-up", ["name": "Ana", "shifts[]": shifts[1], "challenge": challenge,
                                                              "nonce": ProofOfWork.solve(challenge, bits: 16)])
            #expect(full.status == .unprocessableContent && full.body.contains("full"))
            #expect(!(try await rosa.get(action)).body.contains(">Ana<"))
            // Once the shift began, nobody signs up for it.
            app.clock.advance(by: 2 * 86400 + 60)
            try await lucy.get(action)
            #expect(try await lucy.post(action + "/shifts/\(shifts[0])/take").status == .unprocessableContent)
        }
    }
}
