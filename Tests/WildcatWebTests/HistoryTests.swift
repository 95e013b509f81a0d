import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Who reads what was said before they joined (issue 13, history for newcomers): by default
/// nobody; the assembly may vote otherwise.
@Suite("History for newcomers")
struct HistoryTests {
    @Test func aNewcomerReadsOnlyFromTheirJoiningUntilTheAssemblyVotesOtherwise() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), karl = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let general = String(try #require(try await rosa.get(path).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            try await rosa.get(general)
            try await rosa.post(general + "/messages", ["body": "The plan from before: meet at the gate"])
            let rosasPage = try await rosa.get(general).body
            let plan = try #require(rosasPage.range(of: "meet at the gate"))
            let before = try #require(rosasPage[..<plan.lowerBound].matches(of: /\sdata-id="([a-z0-9]+)"/).last).1
            app.clock.advance(by: 60)
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            app.clock.advance(by: 60)
            try await rosa.get(general)
            try await rosa.post(general + "/messages", ["body": "Welcome, Lucy"])
            // Nothing from before counts as unread for Lucy; she reads what came after she joined,
            // not the plan, nor its thread.
            let badge = try await lucy.get(path).body.firstMatch(of: /class="badge unread"[^>]*>([^<]*)</).map { String($0.1) }
            #expect(badge == "1 new")
            let page = try await lucy.get(general)
            #expect(page.body.contains("Welcome, Lucy") && !page.body.contains("meet at the gate"))
            #expect(try await lucy.get(general + "/m/\(before)").status == .notFound)
            #expect(try await rosa.get(general + "/m/\(before)").body.contains("meet at the gate"))
            // Nor can she search for it, or react to it: to a newcomer it does not exist.
            #expect(!(try await lucy.get(path + "/search?q=gate")).body.contains("meet at the gate"))
            #expect(try await rosa.get(path + "/search?q=gate").body.contains("meet at the gate"))
            try await lucy.get(general)
            #expect(try await lucy.post(general + "/m/\(before)/react", ["reaction": "thumbsUp"]).status == .notFound)
            // The assembly votes that newcomers read history.
            try await rosa.get(path + "/p/new?method=yesno")
            let change = ["method": "yesno", "closes": "3d", "title": "Let newcomers read history", "effect[kind]": "rules",
                          "effect[rules][retentionDays]": "90", "effect[rules][inviteExpiryHours]": "168", "effect[rules][whoMayInvite]": "anyMember",
                          "effect[rules][defaultThreshold]": "more than 1/2", "effect[rules][defaultQuorum][share]": "1/4", "effect[rules][recallShare]": "1/5",
                          "effect[rules][newcomersSeeHistory]": "true"]
            let proposal = try #require(try await rosa.post(path + "/p", change).location)
            #expect(try await rosa.get(proposal).body.contains("only the messages from when they joined → the messages from before they joined too"))
            for member in [rosa, lucy] {
                try await member.get(proposal)
                #expect(try await member.post(proposal + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            _ = try await karl.signUp(link: try await rosa.invite(path), pseudonym: "Karl")
            #expect(try await karl.get(general).body.contains("meet at the gate"))
            #expect(try await lucy.get(general).body.contains("meet at the gate"))
        }
    }
}
