import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// Committees of mandated, recallable delegates (issue 10), through the pages as members use them.
@Suite("Committees")
struct CommitteeTests {
    /// Rosa founds Store 14; Lucy, Max and Ines join.
    private func assembly(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (path: String, [String: Browser]) {
        let rosa = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
        let path = try await rosa.found("Store 14")
        var people = ["Rosa": rosa]
        for name in ["Lucy", "Max", "Ines"] {
            let member = Browser(client)
            _ = try await member.signUp(link: try await rosa.invite(path), pseudonym: name)
            people[name] = member
        }
        return (path, people)
    }

    /// Proposes through the form and has everyone vote the same way; returns the proposal's path.
    private func decide(_ fields: [String: String], method: String, in path: String, by people: [String: Browser],
                        ballot: [String: String], ballots: [String: [String: String]] = [:]) async throws -> String {
        let rosa = try #require(people["Rosa"])
        try await rosa.get(path + "/p/new?method=\(method)")
        var form = ["method": method, "closes": "3d"]
        form.merge(fields) { $1 }
        let made = try await rosa.post(path + "/p", form)
        let proposal = try #require(made.location, "proposal refused: \(made.body.firstMatch(of: /class="problem"[^>]*>([^<]+)/)?.1 ?? "?")")
        for (name, member) in people {
            try await member.get(proposal)
            #expect(try await member.post(proposal + "/vote", ballots[name] ?? ballot).status == .seeOther)
        }
        return proposal
    }

    @Test func aCommitteeCallsAnActionAtOnceUnderItsMandateAndTheAssemblyOnlyReadsIt() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (path, people) = try await assembly(app, client)
            let (rosa, ines) = (people["Rosa"]!, people["Ines"]!)
            _ = try await decide(["title": "A strike committee", "effect[kind]": "committee", "effect[committee][name]": "Strike committee",
                                  "effect[committee][seats]": "1", "effect[committee][mandate]": "Call pickets when management retaliates."],
                                 method: "yesno", in: path, by: people, ballot: ["choice": "yes"])
            let page = try await rosa.get(path).body
            let committee = String(try #require(page.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Strike committee<\/a>/)).1)
            _ = try await decide(["title": "Elect it", "options": "Rosa\nLucy", "seats": "1", "effect[kind]": "elect", "effect[elect]": String(committee.dropFirst(3))],
                                 method: "stv", in: path, by: people, ballot: ["rank[o0]": "1"])
            // The delegate calls a picket: called at once, no vote of the committee's.
            try await rosa.get(committee + "/actions")
            let start = PledgeTests.local(app.clock.now.addingTimeInterval(86400))
            let action = try #require(try await rosa.post(committee + "/actions", ["kind": "picket", "title": "Picket the depot", "startsLocal": start,
                                                                                  "timeZone": "UTC", "hours": "4", "place": "Gates"]).location)
            let seen = try await rosa.get(action)
            #expect(seen.body.contains(#"<dd class="action-status">called</dd>"#))
            // A member of the assembly reads it, and writes nothing there.
            #expect(try await ines.get(action).status == .ok)
            try await ines.get(committee + "/actions")
            #expect(try await ines.post(committee + "/actions", ["kind": "picket", "title": "Mine", "startsLocal": start, "timeZone": "UTC",
                                                                 "hours": "4", "place": "Gates"]).status == .forbidden)
        }
    }

    @Test func anAssemblyElectsAStrikeCommitteeAndRecallsADelegateByPetition() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (path, people) = try await assembly(app, client)
            let (rosa, lucy, ines) = (people["Rosa"]!, people["Lucy"]!, people["Ines"]!)
            // 1. The assembly sets up a committee by decision.
            let setUp = try await decide(["title": "A strike committee", "effect[kind]": "committee", "effect[committee][name]": "Strike committee",
                                          "effect[committee][seats]": "3", "effect[committee][mandate]": "Run the strike **as decided** by the assembly."],
                                         method: "yesno", in: path, by: people, ballot: ["choice": "yes"])
            #expect(try await rosa.get(setUp).body.contains("the committee “Strike committee” is set up"))
            let page = try await rosa.get(path).body
            let committee = String(try #require(page.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Strike committee<\/a>/)).1)
            #expect(page.contains("0 of 3 seats filled"))
            // 2. It elects three delegates by single transferable vote; the winners take their seats.
            let electLink = String(try #require(page.firstMatch(of: /<a href="([^"]+effect=elect[^"]+)">Propose an election/)).1)
                .replacingOccurrences(of: "&amp;", with: "&")
            #expect(try await rosa.get(electLink).body.contains(#"value="elect" checked"#))
            let committeeID = String(committee.dropFirst(3))
            let election = try await decide(["title": "Elect the strike committee", "options": "Rosa\nLucy\nMax\nInes", "seats": "3",
                                             "effect[kind]": "elect", "effect[elect]": committeeID],
                                            method: "stv", in: path, by: people, ballot: ["rank[o0]": "1"],
                                            // Quota 2 of 4: Rosa is elected, Ines excluded, and Lucy and Max take the last two seats.
                                            ballots: ["Lucy": ["rank[o1]": "1"], "Max": ["rank[o2]": "1"]])
            #expect(try await rosa.get(election).body.contains("seated on “Strike committee”"))
            let committeePage = try await ines.get(committee).body
            #expect(committeePage.contains("You read this committee as a member of Store 14"))
            for name in ["Rosa", "Lucy", "Max"] { #expect(committeePage.contains("<strong>\(name)</strong>")) }
            #expect(committeePage.contains("Run the strike <strong>as decided</strong> by the assembly."))
            // Delegates write in the committee's channel; the assembly's other members read it.
            let channel = String(try #require(committeePage.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            try await lucy.get(channel)
            #expect(try await lucy.post(channel + "/messages", ["body": "Picket at six"]).status == .seeOther)
            #expect(try await ines.get(channel).body.contains("Picket at six"))
            #expect(try await ines.post(channel + "/messages", ["body": "let me in"]).status == .forbidden)
            // 3. Ines petitions to recall Lucy: one of four members is a fifth, so her signature opens the vote.
            let lucyID = String(try #require(committeePage.firstMatch(of: /href="\/a\/[a-z0-9]+\/d\/([a-z0-9]+)"><strong>Lucy/)).1)
            let delegatePage = try await ines.get(committee + "/d/" + lucyID)
            #expect(delegatePage.body.contains("Run the strike"))
            let petitioned = try await ines.post(path + "/petitions", ["committee": committeeID, "delegate": lucyID, "reason": "She broke the mandate."])
            #expect(petitioned.status == .seeOther)
            let vote = String(try #require(try await ines.get(committee + "/d/" + lucyID).body.firstMatch(of: /<a href="(\/a\/[a-z0-9]+\/p\/[a-z0-9]+)">The recall vote is open/)).1)
            let recallPage = try await rosa.get(vote).body
            #expect(recallPage.contains("Recall Lucy from Strike committee") && recallPage.contains("She broke the mandate."))
            for (_, member) in people {
                try await member.get(vote)
                #expect(try await member.post(vote + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            #expect(try await rosa.get(vote).body.contains("Lucy recalled from “Strike committee”"))
            // Lucy lost the seat and every power with it: she reads as any member, and writes nothing.
            try await lucy.get(channel)
            #expect(try await lucy.post(channel + "/messages", ["body": "still here?"]).status == .forbidden)
            let after = try await rosa.get(path).body
            #expect(after.contains("2 of 3 seats filled") && after.contains("Propose an election"))
            // The assembly's #general calls for a by-election, with the election form one click away.
            let general = try await rosa.get(path + "/c/" + String(path.dropFirst(3)) + "g").body
            #expect(general.contains("Lucy was recalled from Strike committee: the seat is vacant.")
                    && general.contains("effect=elect&amp;committee=" + committeeID + "\"><strong>Propose a by-election"))
        }
    }

    @Test func aPrivateChannelIsClosedToObserversAndACommitteeCarriesNoEffect() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (path, people) = try await assembly(app, client)
            let (rosa, ines) = (people["Rosa"]!, people["Ines"]!)
            _ = try await decide(["title": "A bargaining team", "effect[kind]": "committee", "effect[committee][name]": "Bargaining",
                                  "effect[committee][seats]": "1", "effect[committee][mandate]": "Negotiate wages.",
                                  "effect[committee][channelPrivate]": "true"],
                                 method: "yesno", in: path, by: people, ballot: ["choice": "yes"])
            let committee = String(try #require(try await rosa.get(path).body.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Bargaining<\/a>/)).1)
            let committeeID = String(committee.dropFirst(3))
            // Candidates are members, named by pseudonym.
            try await rosa.get(path + "/p/new?method=stv")
            let stranger = try await rosa.post(path + "/p", ["method": "stv", "closes": "3d", "title": "Elect", "options": "Rosa\nIness", "seats": "1",
                                                             "effect[kind]": "elect", "effect[elect]": committeeID])
            #expect(stranger.status == .unprocessableContent && stranger.body.contains("is not a member of the assembly"))
            _ = try await decide(["title": "Elect the negotiator", "options": "Rosa\nMax", "seats": "1", "effect[kind]": "elect", "effect[elect]": committeeID],
                                 method: "stv", in: path, by: people, ballot: ["rank[o0]": "1"])
            // Ines reads the committee, but not its private channel.
            let page = try await ines.get(committee)
            #expect(page.status == .ok && page.body.contains("Negotiate wages.") && !page.body.contains("/c/"))
            #expect(try await ines.get(committee + "/c/" + committeeID + "g").status == .notFound)
            // A committee decides inside its mandate: its proposals carry no platform effect.
            try await rosa.get(committee + "/p/new?method=yesno")
            let effect = try await rosa.post(committee + "/p", ["method": "yesno", "closes": "3d", "title": "Rename us", "effect[kind]": "rename",
                                                               "effect[rename]": "Bosses"])
            #expect(effect.status == .unprocessableContent)
            #expect(try await rosa.post(committee + "/p", ["method": "yesno", "closes": "3d", "title": "Ask for 8 %", "effect[kind]": "none"]).status == .seeOther)
            // Members of the assembly see the committee's decisions; they cannot vote on them.
            let decisions = try await ines.get(committee + "/p")
            #expect(decisions.body.contains("Ask for 8 %"))
            // Nobody is invited into a committee.
            #expect(try await rosa.post(committee + "/invites", ["forSeveral": "false"]).status == .forbidden)
        }
    }
}
