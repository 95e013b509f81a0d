import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// Councils of assemblies and solidarity calls (issue 10), through the pages as members use them,
/// and what an informer with one invite, or a delegate gone rogue, cannot do there.
@Suite("Councils")
struct CouncilTests {
    /// Proposes through the form in `path` and has each of `voters` vote the same way; returns the proposal's path.
    private func decide(_ fields: [String: String], method: String = "yesno", in path: String, by voters: [Browser],
                        ballot: [String: String] = ["choice": "yes"]) async throws -> String {
        try await voters[0].get(path + "/p/new?method=\(method)")
        var form = ["method": method, "closes": "3d"]
        form.merge(fields) { $1 }
        let made = try await voters[0].post(path + "/p", form)
        let proposal = try #require(made.location, "proposal refused: \(made.body.firstMatch(of: /class="problem"[^>]*>([^<]+)/)?.1 ?? "?")")
        for voter in voters {
            try await voter.get(proposal)
            #expect(try await voter.post(proposal + "/vote", ballot).status == .seeOther)
        }
        return proposal
    }

    /// Rosa founds the cashiers' assembly; Lucy joins it.
    private func cashiersRosaAndLucy(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (Browser, Browser, String) {
        let rosa = Browser(client), lucy = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
        let cashiers = try await rosa.found("Cashiers")
        _ = try await lucy.signUp(link: try await rosa.invite(cashiers), pseudonym: "Lucy")
        return (rosa, lucy, cashiers)
    }

    @Test func twoAssembliesFormACouncilThatBindsNeitherAndThatOutsidersCannotRead() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), max = Browser(client), ines = Browser(client), zed = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let cashiers = try await rosa.found("Cashiers")
            _ = try await lucy.signUp(link: try await rosa.invite(cashiers), pseudonym: "Lucy")
            _ = try await max.signUp(link: try await rosa.invite(cashiers), pseudonym: "Max")
            let cleaners = try await lucy.found("Cleaners")
            _ = try await ines.signUp(link: try await lucy.invite(cleaners), pseudonym: "Ines")
            // Zed holds one invite, to an assembly outside the council.
            let outsiders = try await max.found("Outsiders")
            _ = try await zed.signUp(link: try await max.invite(outsiders), pseudonym: "Zed")

            // A ratification share of nothing, or of more than all, or not a share at all, is refused.
            for bad in ["0", "3/2", "half"] {
                try await rosa.get(cashiers + "/p/new?method=yesno&effect=council")
                let refused = try await rosa.post(cashiers + "/p", ["method": "yesno", "closes": "3d", "title": "Council", "effect[kind]": "council",
                                                                    "effect[council][name]": "Site", "effect[council][seats]": "1",
                                                                    "effect[council][mandate]": "Unite", "effect[council][ratifyAssemblies]": bad,
                                                                    "effect[council][ratifyMembers]": "1/2"])
                #expect(refused.status == .unprocessableContent, "ratifyAssemblies \(bad)")
            }
            // 1. The cashiers found a council; the cleaners join with its code.
            _ = try await decide(["title": "Found a council", "effect[kind]": "council", "effect[council][name]": #"Site & "co""#,
                                  "effect[council][seats]": "1", "effect[council][mandate]": "Unite the site.",
                                  "effect[council][ratifyAssemblies]": "2/3", "effect[council][ratifyMembers]": "1/2"],
                                 in: cashiers, by: [rosa, lucy, max])
            let page = try await rosa.get(cashiers).body
            let council = String(try #require(page.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Site &amp; &quot;co&quot;<\/a>/)).1)
            let code = String(council.dropFirst(3))
            let unknown = try await lucy.post(cleaners + "/p", ["method": "yesno", "closes": "3d", "title": "Join", "effect[kind]": "join", "effect[join]": "nosuchcouncil"])
            #expect(unknown.status == .unprocessableContent && unknown.body.contains("There is no council with that code."))
            // 2. The cashiers elect their delegate by single transferable vote.
            _ = try await decide(["title": "Our delegate", "options": "Rosa\nMax", "seats": "1", "effect[kind]": "elect", "effect[elect]": code],
                                 method: "stv", in: cashiers, by: [rosa, lucy, max], ballot: ["rank[o0]": "1", "rank[o1]": "2"])
            // The cleaners ask to join with the code; until the delegates admit them, they read nothing.
            _ = try await decide(["title": "Join the site council", "effect[kind]": "join", "effect[join]": code], in: cleaners, by: [lucy, ines])
            #expect(try await ines.get(council).status == .notFound)
            let asking = try await rosa.get(council).body
            #expect(asking.contains("Asking to join") && asking.contains("<strong>Cleaners</strong>"))
            let admission = String(try #require(asking.firstMatch(of: /<a href="([^"]+)">the delegates' vote on admitting it/)).1)
            #expect(try await rosa.post(admission + "/vote", ["choice": "yes"]).status == .seeOther)
            #expect(try await ines.get(council).body.contains("You read this council as a member of Cleaners"))
            _ = try await decide(["title": "Our delegate", "options": "Ines\nLucy", "seats": "1", "effect[kind]": "elect", "effect[elect]": code],
                                 method: "stv", in: cleaners, by: [lucy, ines], ballot: ["rank[o0]": "1", "rank[o1]": "2"])
            let councilPage = try await rosa.get(council)
            #expect(councilPage.status == .ok && councilPage.body.contains("Give up my seat"))
            #expect(councilPage.body.contains("at least 2/3 of the assemblies, representing at least 1/2 of their members"))
            #expect(councilPage.body.contains(">Rosa<") && councilPage.body.contains(">Ines<"))

            // 3. An assembly outside the council cannot read it, by page or by API.
            #expect(try await zed.get(council).status == .notFound)
            #expect(try await zed.get(council + "/p").status == .notFound)
            // 4. Lucy reads it but is no delegate: she cannot vote in it, propose in it, or post in its channel.
            try await rosa.get(council + "/p/new?method=yesno")
            let decision = try #require(try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Strike Friday",
                                                                              "forRatification": "true"]).location)
            try await lucy.get(decision)
            #expect(try await lucy.post(decision + "/vote", ["choice": "no"]).status == .forbidden)
            #expect(try await lucy.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Mine"]).status == .forbidden)
            // 5. A council changes no rule of any assembly: its proposals carry no effect.
            let rules = try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Rename", "effect[kind]": "rename",
                                                               "effect[rename]": "Taken over"])
            #expect(rules.status == .unprocessableContent && rules.body.contains("carry no platform effect on any assembly"))
            let removal = try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Remove", "effect[kind]": "removeMember",
                                                                 "effect[removeMember]": "x"])
            #expect(removal.status == .unprocessableContent && removal.body.contains("carry no platform effect on any assembly"))
            // It may act on its own place in other councils: asking to join one is its delegates' decision.
            let wider = try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Join the region", "effect[kind]": "join",
                                                               "effect[join]": "nosuchcouncil"])
            #expect(wider.status == .unprocessableContent && wider.body.contains("There is no council with that code."))
            // Only a council sends decisions for ratification.
            let misplaced = try await rosa.post(cashiers + "/p", ["method": "yesno", "closes": "3d", "title": "X", "forRatification": "true"])
            #expect(misplaced.status == .unprocessableContent && misplaced.body.contains("go to its assemblies for ratification"))

            // 6. The delegates pass it; each assembly votes on ratifying it, and sees where it stands.
            try await ines.get(decision)
            #expect(try await rosa.post(decision + "/vote", ["choice": "yes"]).status == .seeOther)
            #expect(try await ines.post(decision + "/vote", ["choice": "yes"]).status == .seeOther)
            let shown = try await rosa.get(decision).body
            #expect(shown.contains("Waiting for the assemblies") && shown.contains("Cashiers") && shown.contains("Cleaners"))
            // Each member assembly's #general shows the council's decision, and the vote on ratifying it.
            for (member, path) in [(max, cashiers), (ines, cleaners)] {
                let general = try await member.get(path + "/c/" + String(path.dropFirst(3)) + "g").body
                #expect(general.contains("The council Site &amp; &quot;co&quot; decided:") && general.contains("goes to the assemblies for ratification"))
                #expect(general.contains("Ratify: Strike Friday"))
            }

            // 7. Only the cashiers recall their delegate: Ines, a cleaner, reads Rosa's page without a petition;
            // Max petitions, his signature is a fifth of three, and the cashiers' recall vote passes.
            let rosaPage = String(try #require(try await ines.get(council).body.firstMatch(of: /<a href="(\/a\/[a-z0-9]+\/d\/[a-z0-9]+)"><strong>Rosa</)).1)
            let asSeenByIne = try await ines.get(rosaPage).body
            #expect(asSeenByIne.contains("Only Cashiers, which sent this delegate, may recall them") && !asSeenByIne.contains("Open a recall petition"))
            #expect(asSeenByIne.contains("Strike Friday"))
            try await max.get(rosaPage)
            let petitioned = try await max.post(cashiers + "/petitions", ["committee": code, "delegate": String(rosaPage.split(separator: "/").last!),
                                                                         "reason": "Voted without a mandate"])
            #expect(petitioned.status == .seeOther)
            let recall = String(try #require(try await max.get(rosaPage).body.firstMatch(of: /<a href="(\/a\/[a-z0-9]+\/p\/[a-z0-9]+)">The recall vote is open/)).1)
            for member in [rosa, lucy, max] {
                try await member.get(recall)
                #expect(try await member.post(recall + "/vote", ["choice": "yes"]).status == .seeOther)
            }
            #expect(try await rosa.get(council).body.contains("You read this council as a member of Cashiers"))
            #expect(try await rosa.post(decision + "/vote", ["choice": "no"]).status == .forbidden)

            // 8. The cleaners leave: their delegate loses the seat at once, and their members the council.
            _ = try await decide(["title": "Leave", "effect[kind]": "leave", "effect[leave]": code], in: cleaners, by: [lucy, ines],
                                 ballot: ["choice": "yes"])
            #expect(try await ines.get(council).status == .notFound)
            #expect(try await ines.post(decision + "/vote", ["choice": "no"]).status == .notFound)
        }
    }

    /// A token does not name the delegate who cast it, so it cannot carry their assembly's members:
    /// a council weighted by members refuses secret ballots rather than count each one once.
    @Test func aCouncilWeightedByMembersRefusesSecretBallots() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, cashiers) = try await cashiersRosaAndLucy(app, client)
            _ = try await decide(["title": "Found a council", "effect[kind]": "council", "effect[council][name]": "Site",
                                  "effect[council][seats]": "1", "effect[council][mandate]": "Unite the site.",
                                  "effect[council][weighting]": "byMembers",
                                  "effect[council][ratifyAssemblies]": "1/2", "effect[council][ratifyMembers]": "1/2"],
                                 in: cashiers, by: [rosa, lucy])
            let page = try await rosa.get(cashiers).body
            let council = String(try #require(page.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Site<\/a>/)).1)
            _ = try await decide(["title": "Our delegate", "options": "Rosa\nLucy", "seats": "1", "effect[kind]": "elect", "effect[elect]": String(council.dropFirst(3))],
                                 method: "stv", in: cashiers, by: [rosa, lucy], ballot: ["rank[o0]": "1", "rank[o1]": "2"])
            #expect(try await rosa.get(council).body.contains("carries the members of the assembly that sent them"))
            try await rosa.get(council + "/p/new?method=yesno")
            let secret = try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Strike", "secret": "true"])
            #expect(secret.status == .unprocessableContent && secret.body.contains("which a secret ballot cannot"))
            let open = try await rosa.post(council + "/p", ["method": "yesno", "closes": "3d", "title": "Strike"])
            #expect(open.status == .seeOther)
        }
    }

    @Test func aCallGoesStraightToAnAssemblyByItsCodeAndIsAnsweredByItsDecision() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, cashiers) = try await cashiersRosaAndLucy(app, client)
            let drivers = try await lucy.found("Drivers")
            let code = String(drivers.dropFirst(3))
            // A call to itself, or to a code that names nothing, is refused.
            for bad in [String(cashiers.dropFirst(3)), "nowhere"] {
                try await rosa.get(cashiers + "/p/new?method=yesno&effect=call")
                let refused = try await rosa.post(cashiers + "/p", ["method": "yesno", "closes": "3d", "title": "Call", "effect[kind]": "call",
                                                                    "effect[call][code]": bad, "effect[call][what]": "Walk out", "effect[call][when]": "Friday"])
                #expect(refused.status == .unprocessableContent && refused.body.contains("Send the call to a council of the assembly"))
            }
            _ = try await decide(["title": "Call the drivers", "effect[kind]": "call", "effect[call][code]": code,
                                  "effect[call][what]": "Block the gate", "effect[call][when]": "Monday 6:00", "effect[call][why]": "Wages unpaid"],
                                 in: cashiers, by: [rosa, lucy])
            #expect(try await rosa.get(cashiers).body.contains("deciding"))
            // The drivers' vote, opened by the platform: Lucy approves "Support".
            let drivers_page = try await lucy.get(drivers + "/p").body
            let vote = String(try #require(drivers_page.firstMatch(of: /href="(\/a\/[a-z0-9]+\/p\/[a-z0-9]+)">Solidarity call from Cashiers/)).1)
            #expect(try await lucy.get(vote).body.contains("the platform, for “Cashiers”&#39;s solidarity call"))
            #expect(try await lucy.post(vote + "/vote", ["approve[o1]": "true"]).status == .seeOther)
            for (member, path) in [(rosa, cashiers), (lucy, drivers)] {
                let calls = try #require(try await member.get(path).body.firstMatch(of: /<section class="card" id="calls"[\s\S]*?<\/section>/)).0
                #expect(calls.contains("Block the gate") && calls.contains("Support") && calls.contains("Drivers"))
            }
        }
    }
}
