import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// The trust holes an informer or a seized phone would use (issue 9), each closed.
@Suite("Trust", .serialized)
struct TrustTests {
    // MARK: A signed-out device hears nothing more

    @Test func revokingASessionClosesThatDevicesLiveSocketAtOnce() async throws {
        try await LiveApp.run { app in
            let (ann, phone) = try await app.member("Ann")
            _ = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: Date())
            let (_, laptop) = try await app.signIn(ann)
            let seized = LiveClient(port: app.port, token: phone)
            let kept = LiveClient(port: app.port, token: laptop)
            defer { [seized, kept].forEach { $0.stop() } }
            try await seized.send(.text("ping"))
            try await kept.send(.text("ping"))
            // From the laptop, Ann signs the seized phone out.
            var api = APIClient(client: app.client)
            api.token = laptop
            let sessions = try await api.call(.get, "/sessions").array
            let phoneSession = try #require(sessions.first { $0["current"] as? Bool == false }?["id"] as? String)
            #expect(try await api.call(.delete, "/sessions/\(phoneSession)").status == .noContent)
            let start = ContinuousClock.now
            _ = try await seized.closed()
            #expect(ContinuousClock.now - start < .seconds(1), "the revoked device's socket must close within a second")
            try await kept.send(.text("ping"))
        }
    }

    @Test func signingOutDeletingTheAccountLeavingOrBeingRemovedCloseTheSockets() async throws {
        try await LiveApp.run { app in
            let (ann, annToken) = try await app.member("Ann")
            let assembly = try await app.store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: Date())
            let (bob, bobToken) = try await app.member("Bob", of: assembly.id)
            let (_, carolToken) = try await app.member("Carol", of: assembly.id)
            let leaving = LiveClient(port: app.port, token: bobToken)
            let signingOut = LiveClient(port: app.port, token: carolToken)
            defer { [leaving, signingOut].forEach { $0.stop() } }
            try await leaving.send(.text("ping"))
            try await signingOut.send(.text("ping"))
            var carol = APIClient(client: app.client)
            carol.token = carolToken
            #expect(try await carol.call(.delete, "/sessions/current").status == .noContent)
            var start = ContinuousClock.now
            _ = try await signingOut.closed()
            #expect(ContinuousClock.now - start < .seconds(1))
            start = ContinuousClock.now
            try await app.store.leave(assembly.id, accountID: bob.id, now: Date())
            _ = try await leaving.closed()
            #expect(ContinuousClock.now - start < .seconds(1))
            _ = annToken
        }
    }

    // MARK: Departures change no result and reveal no vote

    @Test func deletingAnAccountChangesNoClosedResultAndDoesNotCutOffTheLastVoter() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            let rosa = try await APIClient.signUp(client, invite: first, as: "Rosa")
            let assembly = try #require(try await rosa.call(.post, "/assemblies", ["name": "Store 14"]).object["id"] as? String)
            var members: [APIClient] = []
            for name in ["Lucy", "Max", "Ines"] {
                members.append(try await APIClient.signUp(client, invite: try await rosa.invite(to: assembly), as: name))
            }
            let (lucy, max, ines) = (members[0], members[1], members[2])
            func propose(_ title: String, secret: Bool) async throws -> String {
                let closesAt = ISO8601DateFormatter().string(from: app.clock.now.addingTimeInterval(3600))
                let made = try await rosa.call(.post, "/assemblies/\(assembly)/proposals", ["title": title, "method": "yesno", "closesAt": closesAt, "secret": secret])
                return try #require((made.object["proposal"] as? [String: Any])?["id"] as? String)
            }
            // A closed secret vote: yes 3, no 1.
            let closedVote = try await propose("Strike", secret: true)
            for (voter, choice) in [(rosa, "yes"), (lucy, "yes"), (max, "yes"), (ines, "no")] {
                #expect(try await voter.castSecret(["choice": choice], assembly: assembly, proposal: closedVote).status == .created)
            }
            app.clock.advance(by: 3601)
            try await app.closeDueProposals()
            func counts(_ id: String) async throws -> [String: Int] {
                let proposal = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object
                return ((proposal["result"] as? [String: Any])?["working"] as? [String: Any])?["counts"] as? [String: Int] ?? [:]
            }
            #expect(try await counts(closedVote)["no"] == 1)
            // An open vote: Rosa and Ines vote, then Ines deletes her account.
            let openVote = try await propose("Walkout", secret: false)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(openVote)/ballot", ["choice": "yes"]).status == .ok)
            #expect(try await lucy.call(.post, "/assemblies/\(assembly)/proposals/\(openVote)/ballot", ["choice": "yes"]).status == .ok)
            #expect(try await ines.call(.post, "/assemblies/\(assembly)/proposals/\(openVote)/ballot", ["choice": "no"]).status == .ok)
            #expect(try await ines.call(.delete, "/me", ["passphrase": "long enough passphrase"]).status == .noContent)
            // The closed result is a record: the same counts, the same participants.
            #expect(try await counts(closedVote) == ["yes": 3, "no": 1, "abstain": 0])
            // Three members remain and only two of them have voted: the vote stays open for Max.
            let open = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(openVote)").object
            #expect(open["closedAt"] is NSNull || open["closedAt"] == nil)
            #expect(try await max.call(.post, "/assemblies/\(assembly)/proposals/\(openVote)/ballot", ["choice": "no"]).status == .ok)
            // Ines's ballot still counts, without her name.
            let decided = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(openVote)").object
            #expect((decided["decision"] as? [String: Any])?["participants"] as? Int == 4)
        }
    }

    @Test func aSecretBallotShowsNoResultUntilItCloses() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            let rosa = try await APIClient.signUp(client, invite: first, as: "Rosa")
            let assembly = try #require(try await rosa.call(.post, "/assemblies", ["name": "Store 14"]).object["id"] as? String)
            // A second member, so that Rosa's vote does not close it.
            let lucy = try await APIClient.signUp(client, invite: try await rosa.invite(to: assembly), as: "Lucy")
            let closesAt = ISO8601DateFormatter().string(from: app.clock.now.addingTimeInterval(3600))
            let made = try await rosa.call(.post, "/assemblies/\(assembly)/proposals", ["title": "Strike", "method": "yesno", "closesAt": closesAt, "secret": true, "resultsLive": true])
            #expect(made.status == .created)
            let id = try #require((made.object["proposal"] as? [String: Any])?["id"] as? String)
            // With the account, refused: a secret ballot is cast with a token only.
            let refused = try await rosa.call(.post, "/assemblies/\(assembly)/proposals/\(id)/ballot", ["choice": "no"])
            #expect(refused.status == .unprocessableContent)
            #expect(try await rosa.castSecret(["choice": "no"], assembly: assembly, proposal: id).status == .created)
            // One token each.
            #expect(try await rosa.castSecret(["choice": "yes"], assembly: assembly, proposal: id).status == .conflict)
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)/board").status == .notFound)
            let open = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object
            #expect(open["closedAt"] == nil || open["closedAt"] is NSNull)
            #expect(open["resultsLive"] as? Bool == false, "a secret ballot never shows results live")
            #expect(open["result"] == nil || open["result"] is NSNull, "a secret ballot's count is shown at close only")
            let cast = try await lucy.castSecret(["choice": "yes"], assembly: assembly, proposal: id)
            #expect(cast.status == .created && cast.body["number"] as? Int == 2 && cast.body["signature"] is String)
            // Every member voted, yet it stays open: the server cannot tell who did.
            let still = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object
            #expect(still["closedAt"] == nil || still["closedAt"] is NSNull)
            app.clock.advance(by: 3601)
            try await app.closeDueProposals()
            let closed = try await rosa.call(.get, "/assemblies/\(assembly)/proposals/\(id)").object
            #expect(closed["result"] is [String: Any], "and shown once it closes")
            // The board over the API: both ballots, and who took a token.
            let board = try await lucy.call(.get, "/assemblies/\(assembly)/proposals/\(id)/board").object
            #expect((board["entries"] as? [[String: Any]])?.count == 2 && (board["tookToken"] as? [String])?.sorted() == ["Lucy", "Rosa"])
        }
    }

    // MARK: Nothing server-wide to measure

    @Test func metricsAreNotServedToTheWorld() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let metrics = try await Browser(client).get("/metrics")
            #expect(metrics.status == .notFound)
        }
    }

    @Test func idsRevealNoServerWideOrder() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            let rosa = try await APIClient.signUp(client, invite: first, as: "Rosa")
            let a = try #require(try await rosa.call(.post, "/assemblies", ["name": "A"]).object["id"] as? String)
            let b = try #require(try await rosa.call(.post, "/assemblies", ["name": "B"]).object["id"] as? String)
            var ids: [Any] = []
            for assembly in [a, b, a] {
                ids.append(try #require(try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(assembly)g/messages", ["body": "hi"]).object["id"]))
            }
            #expect(ids.allSatisfy { !($0 is NSNumber) }, "message ids must not be counters: \(ids)")
            let audit = try await rosa.call(.get, "/assemblies/\(a)/audit").array
            #expect(audit.allSatisfy { !($0["id"] is NSNumber) }, "audit ids must not be counters")
        }
    }

    // MARK: Small holes

    @Test func everyAPIAnswerIsNotStoredAndDirectionIsolatesAreRefused() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            var rosa = APIClient(client: client)
            let signedIn = try await rosa.call(.post, "/accounts", ["inviteToken": first, "pseudonym": "Rosa", "passphrase": "long enough passphrase"])
            #expect(signedIn.headers[.cacheControl] == "no-store")
            rosa.token = try #require(signedIn.object["token"] as? String)
            let me = try await rosa.call(.get, "/me")
            #expect(me.headers[.cacheControl] == "no-store")
            let assembly = try #require(try await rosa.call(.post, "/assemblies", ["name": "A"]).object["id"] as? String)
            for isolate in ["\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}"] {
                let refused = try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(assembly)g/messages", ["body": "walkout \(isolate)cancelled"])
                #expect(refused.status == .unprocessableContent)
            }
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/audit?limit=501").status == .badRequest)
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/audit?limit=0").status == .badRequest)
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/audit?limit=500").status == .ok)
            #expect(try await rosa.call(HTTPRequest.Method("TRACE")!, "/me").status == .methodNotAllowed)
            #expect(try await rosa.call(.put, "/me").status == .methodNotAllowed)
        }
    }
}
