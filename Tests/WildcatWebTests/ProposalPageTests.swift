import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite("Proposal pages")
struct ProposalPageTests {
    /// Rosa, Lucy and Max in one assembly.
    private func threeMembers(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (Browser, Browser, Browser, String) {
        let rosa = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
        let assembly = try await rosa.found("Store 14")
        let lucy = Browser(client)
        _ = try await lucy.signUp(link: try await rosa.invite(assembly), pseudonym: "Lucy")
        let max = Browser(client)
        _ = try await max.signUp(link: try await rosa.invite(assembly), pseudonym: "Max")
        return (rosa, lucy, max, assembly)
    }

    @Test func aRuleChangeIsProposedVotedAndCarriedOut() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, _, assembly) = try await threeMembers(app, client)
            try await rosa.get(assembly + "/p/new")
            let made = try await rosa.post(assembly + "/p", [
                "title": "Keep messages 30 days", "method": "yesno", "threshold": "", "closesInMinutes": "1", "resultsLive": "true",
                "effect[kind]": "rules", "effect[rules][retentionDays]": "30", "effect[rules][inviteExpiryHours]": "168",
                "effect[rules][whoMayInvite]": "anyMember", "effect[rules][defaultThreshold]": "more than 1/2", "effect[rules][defaultQuorum][share]": "1/4",
            ])
            #expect(made.status == .seeOther)
            let proposal = try #require(made.location)
            for voter in [rosa, lucy] {
                try await voter.get(proposal)
                #expect(try await voter.post(proposal + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            let open = try await rosa.get(proposal)
            #expect(open.body.contains("Results so far"))
            #expect(open.body.contains("<svg"))
            #expect(open.body.contains("<strong>Lucy</strong> <span class=\"muted\">yes</span>"))
            // Not yet: the closer leaves it open until the deadline.
            try await app.closeDueProposals()
            #expect(try await lucy.get(proposal).body.contains("Cast vote"))
            // The deadline passes; the closer closes it.
            app.clock.advance(by: 61)
            try await app.closeDueProposals()
            let page = try await lucy.get(proposal)
            #expect(page.body.contains("Passed (2 of 3 members voted)"))
            #expect(page.body.contains("Carried out: the rules changed: Messages are kept for 90 days → 30 days"))
            #expect(!page.body.contains("Cast vote"))
            let rules = try await lucy.get(assembly)
            #expect(rules.body.contains("Messages are kept for</dt><dd>30 days"))
            #expect(rules.body.contains("By decision of the assembly, the rules changed"))
            // Voting after the close is refused and changes nothing.
            #expect(try await lucy.post(proposal + "/vote", ["choice": "no"]).status == .conflict)
        }
    }

    @Test func badProposalsAndBallotsAreRefused() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, _, assembly) = try await threeMembers(app, client)
            try await rosa.get(assembly + "/p/new")
            let base = ["title": "Pick a day", "closesInMinutes": "60", "effect[kind]": "none"]
            let past = try await rosa.post(assembly + "/p", base.merging(["method": "yesno", "closesInMinutes": "0"]) { $1 })
            #expect(past.status == .unprocessableContent)
            #expect(past.body.contains("1 minute to 90 days"))
            #expect(try await rosa.post(assembly + "/p", base.merging(["method": "irv", "options": "Mon"]) { $1 }).status == .unprocessableContent)
            #expect(try await rosa.post(assembly + "/p", base.merging(["method": "irv", "options": "Mon\nMon"]) { $1 }).status == .unprocessableContent)
            #expect(try await rosa.post(assembly + "/p", base.merging(["method": "stv", "options": "a\nb\nc", "effect[kind]": "rename", "effect[rename]": "X"]) { $1 }).status == .unprocessableContent)
            let ranked = try await rosa.post(assembly + "/p", base.merging(["method": "irv", "options": "Mon\nTue\nWed"]) { $1 })
            let irv = try #require(ranked.location)
            let dots = try #require(try await rosa.post(assembly + "/p", base.merging(["method": "dot", "options": "a\nb", "dotBudget": "3"]) { $1 }).location)
            try await lucy.get(irv)
            let repeated = try await lucy.post(irv + "/vote", ["rank[o0]": "1", "rank[o1]": "1"])
            #expect(repeated.status == .unprocessableContent)
            #expect(repeated.body.contains("different rank"))
            #expect(try await lucy.post(irv + "/vote", [:]).status == .unprocessableContent)
            #expect(try await lucy.post(irv + "/vote", ["rank[o0]": "2", "rank[o2]": "1"]).status == .seeOther)
            try await lucy.get(dots)
            let over = try await lucy.post(dots + "/vote", ["dots[o0]": "2", "dots[o1]": "2"])
            #expect(over.status == .unprocessableContent)
            #expect(over.body.contains("over the budget of 3"))
            // A member of another assembly sees nothing of it.
            let stranger = Browser(client)
            _ = try await stranger.signUp(link: try await rosa.invite(try await rosa.found("Elsewhere")), pseudonym: "Zed")
            try await stranger.get("/")
            #expect(try await stranger.get(irv).status == .notFound)
            let foreign = try await stranger.post(irv + "/vote", ["rank[o0]": "1"])
            #expect(foreign.status == .notFound, "\(foreign.status) \(foreign.body.prefix(300))")
        }
    }

    @Test func theLastMembersVoteClosesAtOnceAndTheAPIShowsTheWorking() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            var rosa = APIClient(client: client)
            rosa.token = try #require(try await rosa.call(.post, "/accounts", ["inviteToken": first, "pseudonym": "Rosa", "passphrase": "long enough passphrase"]).object["token"] as? String)
            let assembly = try #require(try await rosa.call(.post, "/assemblies", ["name": "Solo"]).object["id"] as? String)
            let closesAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let made = try await rosa.call(.post, "/assemblies/\(assembly)/proposals", ["title": "Which", "method": "schulze", "options": ["x", "y"], "closesAt": closesAt])
            #expect(made.status == .created)
            let id = try #require((made.object["proposal"] as? [String: Any])?["id"] as? String)
            // Bad ballots: a clear problem body each, and no ballot stored.
            let ballotPath = "/assemblies/\(assembly)/proposals/\(id)/ballot"
            for (raw, status) in [("", HTTPResponse.Status.badRequest), ("{", .badRequest), ("[]", .badRequest), ("{\"vote\":\"yes\"}", .badRequest),
                                  ("{\"ranking\":\"y\"}", .badRequest), ("{\"ranking\":[\"<script>\"]}", .unprocessableContent),
                                  ("{\"ranking\":[\"" + String(repeating: "y", count: 2_000_000) + "\"]}", .contentTooLarge)] {
                let refused = try await rosa.call(.post, ballotPath, raw: raw)
                #expect(refused.status == status, "\(raw.prefix(40)): \(refused.status)")
                #expect(refused.headers[.contentType] == "application/problem+json", "\(raw.prefix(40))")
            }
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object["ballots"] as? Int == 0)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(id)/ballot", ["ranking": ["y", "z"]]).status == .unprocessableContent)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(id)/ballot", ["choice": "yes"]).status == .unprocessableContent)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(id)/ballot", ["ranking": ["y", "x"]]).status == .ok)
            let result = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)")
            #expect((result.object["decision"] as? [String: Any])?["outcome"] as? String == "decided")
            #expect((result.object["result"] as? [String: Any])?["winners"] as? [String] == ["y"])
            let past = try await rosa.call(.post, "/assemblies/\(assembly)/proposals", ["title": "Late", "method": "yesno", "closesAt": "2001-01-01T00:00:00Z"])
            #expect(past.status == .unprocessableContent)
            // Closed now: a vote is refused and the ballot stays as it was.
            let late = try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(id)/ballot", ["ranking": ["x", "y"]])
            #expect(late.status == .conflict, "\(late.status)")
            #expect((try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object["myBallot"] as? [String: Any])?["ranking"] as? [String] == ["y", "x"])
            // The proposal belongs to "Solo": under another assembly's path it does not exist.
            let other = try #require(try await rosa.call(.post, "/assemblies", ["name": "Other"]).object["id"] as? String)
            #expect(try await rosa.call(.post, "/assemblies/\(other)/proposals/\(id)/ballot", ["ranking": ["y", "x"]]).status == .notFound)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/proposals/nosuchproposal/ballot", ["ranking": ["y", "x"]]).status == .notFound)
        }
    }
}
