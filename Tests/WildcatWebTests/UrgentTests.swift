import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import WildcatWeb

/// Urgent votes (issue 11) through the pages: the assembly allows them by a rule change, and the
/// rule says who may open one.
@Suite("Urgent votes")
struct UrgentTests {
    @Test func anAssemblyAllowsUrgentVotesByDecisionAndItsRuleSaysWhoOpensThem() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            // No urgent vote until the rules allow one.
            try await rosa.get(path + "/p/new?method=yesno")
            let early = try await rosa.post(path + "/p", ["method": "yesno", "closes": "2h", "title": "Walk out", "urgent": "true"])
            #expect(early.status == .unprocessableContent && early.body.contains("allow no urgent votes"))
            // The rules change: urgent votes from 1 hour, quorum 1/10, opened by delegates only; a recall share of 1/3.
            let rules = ["method": "yesno", "closes": "3d", "title": "Allow urgent votes", "effect[kind]": "rules",
                         "effect[rules][retentionDays]": "90", "effect[rules][inviteExpiryHours]": "168", "effect[rules][whoMayInvite]": "anyMember",
                         "effect[rules][defaultThreshold]": "more than 1/2", "effect[rules][defaultQuorum][share]": "1/4", "effect[rules][recallShare]": "1/3",
                         "effect[urgentRule][allowed]": "true", "effect[urgentRule][shortestMinutes]": "60", "effect[urgentRule][quorumShare]": "1/10",
                         "effect[urgentRule][whoMayOpen]": "delegates"]
            let form = try await rosa.get(path + "/p/new?method=yesno").body
            #expect(form.contains(#"name="effect[urgentRule][allowed]""#) && form.contains(#"value="1/5""#))
            let proposal = try #require(try await rosa.post(path + "/p", rules).location)
            for member in [rosa, lucy] {
                try await member.get(proposal)
                #expect(try await member.post(proposal + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            let page = try await rosa.get(path).body
            #expect(page.contains("closing in 1 hour at the soonest, quorum 1/10 of members, opened by a delegate on one of the assembly&#39;s committees"))
            #expect(page.contains("1/3 of members"))
            // The form offers it now; Lucy, who holds no seat, may not open one.
            #expect(try await lucy.get(path + "/p/new?method=yesno").body.contains(#"name="urgent""#))
            let refused = try await lucy.post(path + "/p", ["method": "yesno", "closes": "2h", "title": "Walk out", "urgent": "true"])
            #expect(refused.status == .unprocessableContent && refused.body.contains("Only a delegate on one of the assembly"))
            // A malformed urgent rule in the form is refused, and changes nothing.
            try await rosa.get(path + "/p/new?method=yesno")
            var malformed = rules
            malformed["effect[urgentRule][shortestMinutes]"] = "soon"
            let bad = try await rosa.post(path + "/p", malformed)
            #expect(bad.status == .unprocessableContent && bad.body.contains("shortest deadline in minutes"))
            // Open to any member now: each member may have one urgent vote open at a time, so one
            // informer cannot flood everyone with alerts.
            var anyone = rules
            anyone["effect[urgentRule][whoMayOpen]"] = "anyMember"
            anyone["title"] = "Let anyone open one"
            let second = try #require(try await rosa.post(path + "/p", anyone).location)
            for member in [rosa, lucy] {
                try await member.get(second)
                #expect(try await member.post(second + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            try await lucy.get(path + "/p/new?method=yesno")
            #expect(try await lucy.post(path + "/p", ["method": "yesno", "closes": "2h", "title": "Walk out", "urgent": "true"]).status == .seeOther)
            let flood = try await lucy.post(path + "/p", ["method": "yesno", "closes": "2h", "title": "Walk out again", "urgent": "true"])
            #expect(flood.status == .unprocessableContent && flood.body.contains("one at a time"))
            #expect(try await lucy.post(path + "/p", ["method": "yesno", "closes": "2h", "title": "Not urgent"]).status == .seeOther)
            // The next rule change starts from the rules as they are: the recall share is kept.
            #expect(try await rosa.get(path + "/p/new?method=yesno").body.contains(#"name="effect[rules][recallShare]" value="1/3""#))
        }
    }
}
