import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatSQLite
@testable import WildcatWeb

/// Every route the application serves (pages and API, walked from its route table, so that a new
/// route cannot be left out), asked by everyone who has no right to it, with real objects of
/// another assembly: nothing is read and nothing changes (issue 15).
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    @Test func strangersAndSupportersReachNoMembersRoute() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let world = try await MatrixWorld.make(app, client)
            var findings: [String] = []
            let stranger = try await world.role("stranger", signedIn: false)
            let supporter = try await world.role("supporter", signedIn: false)
            supporter.browser.cookies[SupporterPages.cookieName] = world.supporterSecret
            for route in app.built.routes where route.access != .anyone {
                for role in [stranger, supporter] where !(route.api && role.name == "supporter") {
                    let path = world.fill(route.path, assembly: world.storeA)
                    findings += try await world.expectRefused(role, route, path, markers: true)
                }
            }
            #expect(findings.isEmpty, "\(findings.count) routes answered without the right:\n\(findings.joined(separator: "\n"))")
        }
    }

    @Test func outsidersAndRemovedMembersReachNothingOfTheAssembly() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let world = try await MatrixWorld.make(app, client)
            var findings: [String] = []
            var asked = 0
            for route in app.built.routes where route.access == .member {
                // Karl (of Depot 7) and Mia (removed from Store 14) ask for Store 14's objects by its path.
                for role in [world.karl, world.mia] {
                    findings += try await world.expectRefused(role, route, world.fill(route.path, assembly: world.storeA), markers: true)
                    asked += 1
                }
                // Karl asks for Store 14's objects through his own assembly's path.
                if world.parameters(of: route.path).contains(where: { $0 != "assembly" }) {
                    findings += try await world.expectRefused(world.karl, route, world.fill(route.path, assembly: world.depotB), markers: true)
                    asked += 1
                }
            }
            // Routes of one's own account, given Rosa's objects (her session): refused to Karl.
            for route in app.built.routes where route.access == .signedIn && !world.parameters(of: route.path).isEmpty {
                findings += try await world.expectRefused(world.karl, route, world.fill(route.path, assembly: world.storeA), markers: true)
                asked += 1
            }
            #expect(asked > 150)
            print("authorization matrix: \(app.built.routes.count) routes; outsiders asked \(asked) times")
            #expect(findings.isEmpty, "\(findings.count) requests answered without the right:\n\(findings.joined(separator: "\n"))")
        }
    }

    @Test func membersReadEveryPageOfTheirAssemblyWithTheseObjects() async throws {
        // The control: the same paths answer Max, a member, so the refusals above are refusals,
        // not objects that never existed.
        let app = try await TestApp.make()
        try await app.run { client in
            let world = try await MatrixWorld.make(app, client)
            var findings: [String] = []
            // Pages only their author or an open vote may show; Max is neither.
            let notForMax: Set<String> = ["GET /a/{assembly}/c/{channel}/m/{message}/edit", "GET /api/v1/assemblies/{assembly}/messages/{message}/edits",
                                          // Secret-ballot routes need a secret proposal; this one is open.
                                          "GET /a/{assembly}/p/{proposal}/secret", "GET /a/{assembly}/p/{proposal}/board.json",
                                          "GET /api/v1/assemblies/{assembly}/proposals/{proposal}/secret",
                                          "GET /api/v1/assemblies/{assembly}/proposals/{proposal}/board"]
            for route in app.built.routes where route.access == .member && route.method == .get && !notForMax.contains(route.description) {
                let path = world.fill(route.path, assembly: world.storeA)
                let answer = try await world.send(world.max, route, path)
                if answer.status.code >= 400 { findings.append("\(route) → \(answer.status.code) for a member") }
            }
            #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
        }
    }

    @Test func committeeObserversAndARecalledDelegateChangeNothingInTheCommittee() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let world = try await MatrixWorld.make(app, client)
            var findings: [String] = []
            // Max never sat on the committee; Lucy was recalled from it. Both read it as members of
            // Store 14, but its private channel is closed to them and they change nothing in it.
            for route in app.built.routes where route.access == .member {
                let path = world.fill(route.path, assembly: world.committee)
                for role in [world.max, world.lucy] {
                    if route.method == .get {
                        guard route.path.contains("{channel}") || route.path.contains("{message}") else { continue }
                        let answer = try await world.send(role, route, path)
                        if ![403, 404].contains(answer.status.code) || answer.body.contains(world.privateMarker) {
                            findings.append("\(role.name): \(route) → \(answer.status.code)")
                        }
                    } else {
                        findings += try await world.expectRefused(role, route, path, markers: false)
                    }
                }
            }
            #expect(findings.isEmpty, "\(findings.count) requests answered without the right:\n\(findings.joined(separator: "\n"))")
            // The control: Rosa, a delegate, reads and writes there, and the check sees the change.
            let before = try world.digest()
            let channel = world.fill("/a/{assembly}/c/{channel}", assembly: world.committee)
            #expect(try await world.rosa.browser.get(channel).body.contains(world.privateMarker))
            #expect(try await world.rosa.browser.post(channel + "/messages", ["body": "Delegates only"]).status == .seeOther)
            #expect(try world.digest() != before)
        }
    }
}

/// Two assemblies and everyone the matrix needs, made through the pages as people would.
struct MatrixWorld: @unchecked Sendable {
    final class Role: @unchecked Sendable {
        let name: String
        let browser: Browser
        var api: APIClient
        init(name: String, browser: Browser, api: APIClient) { (self.name, self.browser, self.api) = (name, browser, api) }
    }

    let app: TestApp
    let client: any TestClientProtocol
    let rosa: Role, lucy: Role, max: Role, mia: Role, karl: Role
    let storeA: String, depotB: String, committee: String
    /// Path parameters of Store 14's objects (and, under `committee`, of the committee's).
    let objects: [String: String], committeeObjects: [String: String]
    let supporterSecret: String
    static let marker = "MATRIX-STORE-14"
    let privateMarker = "MATRIX-PRIVATE"

    static func make(_ app: TestApp, _ client: any TestClientProtocol) async throws -> MatrixWorld {
        let (rosaBrowser, lucyBrowser, path, action, _) = try await SupporterTests.published(app, client)
        let storeA = String(path.dropFirst(3))
        let passphrase = "correct horse battery staple"
        func role(_ name: String, _ browser: Browser) async throws -> Role {
            var api = APIClient(client: client)
            api.token = try #require(try await api.call(.post, "/sessions", ["pseudonym": name, "passphrase": passphrase]).object["token"] as? String)
            return Role(name: name, browser: browser, api: api)
        }
        var members = ["Rosa": rosaBrowser, "Lucy": lucyBrowser]
        for name in ["Max", "Mia"] {
            let browser = Browser(client)
            _ = try await browser.signUp(link: try await rosaBrowser.invite(path), pseudonym: name)
            members[name] = browser
        }
        // Depot 7, of which Karl alone is a member.
        let depotPath = try await rosaBrowser.found("Depot 7")
        let karlBrowser = Browser(client)
        _ = try await karlBrowser.signUp(link: try await rosaBrowser.invite(depotPath), pseudonym: "Karl")
        try await rosaBrowser.get(depotPath)
        #expect(try await rosaBrowser.post(depotPath + "/leave").status == .seeOther)

        func decide(_ fields: [String: String], method: String, voters: [String]) async throws -> String {
            try await rosaBrowser.get(path + "/p/new?method=\(method)")
            var form = ["method": method, "closes": "3d"]
            form.merge(fields) { $1 }
            let made = try await rosaBrowser.post(path + "/p", form)
            let proposal = try #require(made.location, "\(fields["title"] ?? ""): \(made.status) \(made.body.firstMatch(of: /class="problem"[^>]*>([^<]+)/)?.1 ?? "")")
            for name in voters {
                try await members[name]!.get(proposal)
                try await members[name]!.post(proposal + "/vote", fields["options"] == nil ? ["choice": "yes"] : ["rank[o0]": "1", "rank[o1]": "2"])
            }
            return proposal
        }
        let everyone = ["Rosa", "Lucy", "Max", "Mia"]
        // A committee with a private channel; Rosa and Lucy are elected, then Lucy is recalled.
        _ = try await decide(["title": "A strike committee", "effect[kind]": "committee", "effect[committee][name]": "Strike committee",
                              "effect[committee][seats]": "2", "effect[committee][mandate]": "Run the strike.",
                              "effect[committee][channelPrivate]": "true"], method: "yesno", voters: everyone)
        let committeePath = String(try #require(try await rosaBrowser.get(path).body.firstMatch(of: /<h3><a href="(\/a\/[a-z0-9]+)">Strike committee<\/a>/)).1)
        let committee = String(committeePath.dropFirst(3))
        _ = try await decide(["title": "Elect it", "options": "Rosa\nLucy\nMax", "seats": "2", "effect[kind]": "elect", "effect[elect]": committee],
                             method: "stv", voters: everyone)
        let committeePage = try await rosaBrowser.get(committeePath).body
        let rosaDelegate = String(try #require(committeePage.firstMatch(of: /\/d\/([a-z0-9]+)"><strong>Rosa/)).1)
        let lucyDelegate = String(try #require(committeePage.firstMatch(of: /\/d\/([a-z0-9]+)"><strong>Lucy/)).1)
        let privateChannel = committeePath + "/c/" + committee + "g"
        try await rosaBrowser.get(privateChannel)
        #expect(try await rosaBrowser.post(privateChannel + "/messages", ["body": "MATRIX-PRIVATE plan"]).status == .seeOther)
        let privateMessage = String(try #require(try await rosaBrowser.get(privateChannel).body.firstMatch(of: /\sdata-id="([a-z0-9]+)"/)).1)
        try await rosaBrowser.get(committeePath + "/p/new?method=yesno")
        let committeeProposal = try #require(try await rosaBrowser.post(committeePath + "/p", ["method": "yesno", "closes": "3d", "title": "MATRIX-PRIVATE vote",
                                                                                                  "effect[kind]": "none"]).location)
        let maxBrowser = try #require(members["Max"])
        try await maxBrowser.get(path)
        #expect(try await maxBrowser.post(path + "/petitions", ["committee": committee, "delegate": lucyDelegate, "reason": "Broke the mandate."]).status == .seeOther)
        let recall = String(try #require(try await maxBrowser.get(committeePath + "/d/" + lucyDelegate).body
            .firstMatch(of: /<a href="(\/a\/[a-z0-9]+\/p\/[a-z0-9]+)">The recall vote is open/)).1)
        for name in everyone {
            try await members[name]!.get(recall)
            try await members[name]!.post(recall + "/vote", ["choice": "yes"])
        }
        #expect(try await rosaBrowser.get(recall).body.contains("Lucy recalled"))

        // Mia is removed by the assembly's decision.
        let miaAPI = try await role("Mia", members["Mia"]!)
        let miaID = try #require(try await miaAPI.api.call(.get, "/me").object["id"] as? String)
        _ = try await decide(["title": "Remove Mia", "effect[kind]": "removeMember", "effect[removeMember]": miaID], method: "yesno",
                             voters: everyone)
        #expect(try await members["Mia"]!.get(path).status == .notFound)

        // Store 14's objects, each marked so that a leak shows.
        let general = path + "/c/" + storeA + "g"
        try await rosaBrowser.get(general)
        try await rosaBrowser.post(general + "/messages", ["body": "\(marker) meet at the gate"])
        let generalPage = try await rosaBrowser.get(general).body
        let message = String(try #require(generalPage.matches(of: /\sdata-id="([a-z0-9]+)"/).last).1)
        let account = String(try #require(generalPage.matches(of: /data-author="([a-z0-9]+)"/).last).1)
        try await rosaBrowser.get(general)
        try await rosaBrowser.upload(general, filename: "note.txt", type: "text/plain", bytes: Array("\(marker) file".utf8))
        let file = String(try #require(try await rosaBrowser.get(general).body.firstMatch(of: /\/f\/([a-z0-9]+)/)).1)
        try await rosaBrowser.get(path + "/p/new?method=yesno")
        let proposal = try #require(try await rosaBrowser.post(path + "/p", ["method": "yesno", "closes": "3d", "title": "\(marker) strike",
                                                                             "effect[kind]": "none"]).location)
        try await rosaBrowser.get(path + "/pledges")
        let pledge = try #require(try await rosaBrowser.post(path + "/pledges", ["text": "\(marker) walk out", "share": "2/3",
                                                                                 "deadlineLocal": PledgeTests.local(app.clock.now.addingTimeInterval(2 * 86400)),
                                                                                 "utcOffsetMinutes": "0"]).location)
        try await rosaBrowser.get(path + "/meetings")
        let meeting = try #require(try await rosaBrowser.post(path + "/meetings", ["title": "\(marker) meeting", "startsLocal": "2027-03-30T07:30",
                                                                                   "timeZone": "UTC", "lengthMinutes": "60", "place": "Café", "agenda": "Pay"]).location)
        try await rosaBrowser.get(path + "/demands")
        try await rosaBrowser.post(path + "/demands", ["text": "\(marker) rehire Ines"])
        let demand = String(try #require(try await rosaBrowser.get(path + "/demands").body.firstMatch(of: /\/demands\/([a-z0-9]+)\/propose/)).1)
        try await rosaBrowser.get(action)
        try await rosaBrowser.post(action + "/tasks", ["text": "\(marker) leaflets"])
        let actionPage = try await rosaBrowser.get(action).body
        let shift = String(try #require(actionPage.firstMatch(of: /\/shifts\/([a-z0-9]+)\/take/)).1)
        let task = String(try #require(actionPage.firstMatch(of: /\/tasks\/([a-z0-9]+)\/take/)).1)
        let actionID = String(action.split(separator: "/").last!)
        let (supporter, secret) = try await app.store.signUpSupporter(existing: nil, name: "Ana", contact: "ana@example.org", for: ID(actionID),
                                                                      shifts: [], now: app.clock.now)
        try await rosaBrowser.get(path)
        try await rosaBrowser.post(path + "/invites", ["forSeveral": "false"])
        let invite = String(try #require(try await rosaBrowser.get(path).body.firstMatch(of: /\/invites\/([a-z0-9]+)\/revoke/)).1)
        try await rosaBrowser.get(path + "/direct")
        let conversation = String(try #require(try await rosaBrowser.post(path + "/direct", ["to": "Max"]).location).split(separator: "/").last!)
        let rosa = try await role("Rosa", rosaBrowser)
        let session = try #require(try await rosa.api.call(.get, "/sessions").array.first?["id"] as? String)


        let objects = ["assembly": storeA, "channel": storeA + "g", "message": message, "proposal": String(proposal.split(separator: "/").last!),
                       "pledge": String(pledge.split(separator: "/").last!), "meeting": String(meeting.split(separator: "/").last!),
                       "action": actionID, "shift": shift, "task": task, "supporter": supporter.id.rawValue, "demand": demand,
                       "invite": invite, "conversation": conversation, "file": file, "delegate": rosaDelegate, "committee": committee,
                       "petition": "aaaaaaaaaaaaaaaaaaaaaaaaaa", "council": "aaaaaaaaaaaaaaaaaaaaaaaaaa", "subscription": "1",
                       "session": session, "account": account]
        var committeeObjects = objects
        committeeObjects["channel"] = committee + "g"
        committeeObjects["message"] = privateMessage
        committeeObjects["proposal"] = String(committeeProposal.split(separator: "/").last!)
        return MatrixWorld(app: app, client: client, rosa: rosa, lucy: try await role("Lucy", lucyBrowser),
                           max: try await role("Max", maxBrowser), mia: miaAPI, karl: try await role("Karl", karlBrowser),
                           storeA: storeA, depotB: String(depotPath.dropFirst(3)), committee: committee,
                           objects: objects, committeeObjects: committeeObjects, supporterSecret: try #require(secret).value)
    }

    func role(_ name: String, signedIn: Bool) async throws -> Role {
        let browser = Browser(client)
        try await browser.get("/login")
        return Role(name: name, browser: browser, api: APIClient(client: client))
    }

    func parameters(of template: String) -> [String] {
        template.matches(of: /\{([a-z]+)\}/).map { String($0.1) }
    }

    /// The template with the objects of `assembly`'s world (Store 14's, or the committee's) in it.
    func fill(_ template: String, assembly: String) -> String {
        let values = assembly == committee ? committeeObjects : objects
        // A delegate's page is its committee's: asked elsewhere it is trivially not found.
        let assembly = template.contains("{delegate}") && assembly == storeA ? committee : assembly
        var path = template
        for name in parameters(of: template) {
            path = path.replacingOccurrences(of: "{\(name)}", with: name == "assembly" ? assembly : values[name] ?? "aaaaaaaaaaaaaaaaaaaaaaaaaa")
        }
        return path
    }

    struct Answer { let status: HTTPResponse.Status; let location: String?; let body: String }

    /// Asks as a browser (pages, with the role's anti-forgery token) or as an API client (JSON),
    /// with a body that every form of the application accepts in its shape.
    func send(_ role: Role, _ route: ListedRoute, _ path: String) async throws -> Answer {
        if route.api {
            let reply = try await role.api.call(route.method, String(path.dropFirst(WildcatApplication.apiPrefix.count)),
                                                route.method == .get ? nil : Self.json.merging(["upTo": objects["message"] ?? ""]) { $1 })
            let body = reply.json.flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Answer(status: reply.status, location: reply.headers[.location], body: body)
        }
        let page: Browser.Page
        if route.method == .get {
            page = try await role.browser.get(path)
        } else if path.hasSuffix(ChatFiles.uploadRoute.replacingOccurrences(of: "/c/{channel}", with: "")) {
            page = try await role.browser.upload(String(path.dropLast("/upload".count)), filename: "n.txt", type: "text/plain", bytes: Array("MATRIX".utf8))
        } else {
            page = try await role.browser.post(path, Self.form.merging(["upTo": objects["message"] ?? ""]) { $1 })
        }
        return Answer(status: page.status, location: page.location, body: page.body)
    }

    /// Sends the request and reports it unless it was refused (401, 403, 404, 429, or a page's way to
    /// the sign-in), showed none of Store 14's words, and changed nothing stored.
    func expectRefused(_ role: Role, _ route: ListedRoute, _ path: String, markers: Bool) async throws -> [String] {
        let before = route.method == .get ? [] : try digest()
        let answer = try await send(role, route, path)
        var findings: [String] = []
        let toSignIn = answer.status == .seeOther && (answer.location ?? "").hasPrefix("/login")
        if !([401, 403, 404, 429].contains(answer.status.code) || toSignIn) {
            findings.append("\(role.name): \(route) as \(path) → \(answer.status.code) \(answer.location ?? "")")
        }
        if markers && answer.body.contains(Self.marker) { findings.append("\(role.name): \(route) showed Store 14's words") }
        if route.method != .get, try digest() != before { findings.append("\(role.name): \(route) as \(path) changed what is stored") }
        return findings
    }

    /// Everything stored but the sessions' last-seen times: a digest of every row of every table.
    func digest() throws -> [UInt8] {
        let connection = try SQLiteDirectConnection(path: app.directory.appendingPathComponent("db.sqlite").path, readOnly: true)
        defer { connection.close() }
        var tables: [String] = []
        try connection.run("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", binds: []) { _, row in
            if case .text(let name) = row[0] { tables.append(name) }
        }
        var all = ""
        for table in tables where table != "sessions" {
            all += "\n#\(table)"
            try connection.run("SELECT * FROM \"\(table)\"", binds: []) { _, row in all += "\n\(row)" }
        }
        return Array(all.utf8)
    }

    static let form: [String: String] = [
        "body": "MATRIX", "text": "MATRIX", "name": "MATRIX", "title": "MATRIX", "reason": "MATRIX", "agenda": "MATRIX", "place": "MATRIX",
        "method": "yesno", "closes": "3d", "choice": "yes", "answer": "yes", "reaction": "thumbsUp", "to": "Rosa", "kind": "picket",
        "startsLocal": "2030-01-02T10:00", "timeZone": "UTC", "hours": "4", "lengthMinutes": "60", "role": "Gate", "needed": "2",
        "share": "1/2", "deadlineLocal": "2030-01-01T10:00", "utcOffsetMinutes": "0", "forSeveral": "false", "effect[kind]": "none",
        "publicText": "MATRIX", "callNumber": "+44 20 7946 0000", "callPoints": "MATRIX", "minutes": "MATRIX", "q": "MATRIX",
    ]
    static var json: [String: Any] { ["body": "MATRIX", "text": "MATRIX", "name": "MATRIX", "title": "MATRIX", "reason": "MATRIX",
                                      "method": "yesno", "closesInHours": 72, "choice": "yes", "share": "1/2"] }
}
