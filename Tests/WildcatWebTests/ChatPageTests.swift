import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite("Chat pages")
struct ChatPageTests {
    /// Rosa founds an assembly, Lucy joins; returns their browsers and the general channel's path.
    private func twoMembers(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (Browser, Browser, assembly: String, general: String) {
        let rosa = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
        let assembly = try await rosa.found("Store 14")
        let lucy = Browser(client)
        _ = try await lucy.signUp(link: try await rosa.invite(assembly), pseudonym: "Lucy")
        let page = try await rosa.get(assembly)
        let general = String(try #require(page.body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"[^>]*>#general/)).1)
        return (rosa, lucy, assembly, general)
    }

    @Test func postReadReplyEditAndDeleteWithPlainForms() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, _, general) = try await twoMembers(app, client)
            try await rosa.get(general)
            let posted = try await rosa.post(general + "/messages", ["body": "**Strike** on _Friday_? See https://example.org/plan. @lucy <script>alert(1)</script>"])
            #expect(posted.status == .seeOther)
            let page = try await lucy.get(general)
            #expect(!page.body.contains("No messages yet"))
            #expect(page.body.contains("<strong>Strike</strong> on <em>Friday</em>?"))
            #expect(page.body.contains(#"<a href="https://example.org/plan" rel="noopener noreferrer nofollow" target="_blank">https://example.org/plan</a>."#))
            #expect(page.body.contains(#"<span class="mention" data-mention="lucy">@lucy</span>"#))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<script>alert(1)"))
            let id = String(try #require(page.body.firstMatch(of: /data-id="([a-z0-9]+)"/)).1)
            // Lucy sees no edit link on Rosa's message; Rosa does.
            #expect(page.body.contains(#"/m/\#(id)/edit" class="own" hidden"#))
            #expect(try await rosa.get(general).body.contains(#"/m/\#(id)/edit" class="own">"#))

            // A reply in the thread.
            let thread = try await lucy.get("\(general)/m/\(id)")
            #expect(thread.status == .ok)
            #expect(try await lucy.post(general + "/messages", ["body": "Yes!", "threadRoot": id]).status == .seeOther)
            #expect(try await rosa.get("\(general)/m/\(id)").body.contains("Yes!"))
            #expect(try await rosa.get(general).body.contains("1 reply"))

            // Only the author may edit; the history is the author's alone.
            #expect(try await lucy.get("\(general)/m/\(id)/edit").status == .notFound)
            try await rosa.get("\(general)/m/\(id)/edit")
            #expect(try await rosa.post("\(general)/m/\(id)/edit", ["body": "Strike on Monday"]).status == .seeOther)
            let edited = try await lucy.get(general)
            #expect(edited.body.contains("Strike on Monday") && edited.body.contains("(edited)"))
            #expect(try await rosa.get("\(general)/m/\(id)/edit").body.contains("Strike</strong> on _Friday_") == false)
            #expect(try await rosa.get("\(general)/m/\(id)/edit").body.contains("**Strike** on _Friday_?"))
            #expect(try await lucy.post("\(general)/m/\(id)/delete").status == .notFound)
            try await rosa.get("\(general)/m/\(id)/edit")
            #expect(try await rosa.post("\(general)/m/\(id)/delete").status == .seeOther)
            let after = try await lucy.get(general)
            #expect(after.body.contains("Message deleted"))   // the thread keeps its place
            #expect(!after.body.contains("Strike"))
        }
    }

    @Test func olderMessagesArePagedWithPlainLinks() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, _, _, general) = try await twoMembers(app, client)
            let assemblyID = String(general.split(separator: "/")[1])
            let channelID = ID<WildcatDomain.Channel>(String(general.split(separator: "/")[3]))
            let account = try #require(try await app.store.credentials(pseudonymKey: "rosa")).0
            for i in 0..<60 {
                _ = try await app.store.postMessage(channelID: channelID, assemblyID: ID(assemblyID), author: account, text: try MessageText("number \(i)"), threadRoot: nil, now: Date())
            }
            let latest = try await rosa.get(general)
            #expect(latest.body.contains("number 59") && latest.body.contains("number 10") && !latest.body.contains("number 9<"))
            let older = String(try #require(latest.body.firstMatch(of: /href="([^"]+\?before=[a-z0-9]+)">Older messages/)).1)
            let page = try await rosa.get(older)
            #expect(page.body.contains("number 0<") && page.body.contains("number 9<") && !page.body.contains("number 10<"))
            #expect(page.body.contains("Back to the latest messages"))
        }
    }

    @Test func badMessagesAreRefusedAndFloodsAreLimited() async throws {
        var limits = RateLimits.standard
        limits.messagesPerMember = RateLimit(4, per: 60)
        let app = try await TestApp.make(rateLimits: limits)
        try await app.run { client in
            let (rosa, _, _, general) = try await twoMembers(app, client)
            try await rosa.get(general)
            let empty = try await rosa.post(general + "/messages", ["body": "   "])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("cannot be empty"))
            let long = try await rosa.post(general + "/messages", ["body": String(repeating: "x", count: 4001)])
            #expect(long.status == .unprocessableContent)
            #expect(long.body.contains("at most 4000"))
            #expect(try await rosa.post(general + "/messages", ["body": "bad\u{202E}text"]).status == .unprocessableContent)
            // Message ids are opaque: an unknown thread is a mistake in the form, said in place.
            #expect(try await rosa.post(general + "/messages", ["body": "x", "threadRoot": "nope"]).status == .unprocessableContent)
            // Script posts get a problem document.
            let csrf = try #require(rosa.lastCSRF)
            let scripted = try await rosa.send(general + "/messages", method: .post, body: ByteBuffer(string: "csrf=\(csrf)&body=%20"),
                                               contentType: "application/x-www-form-urlencoded", extraHeaders: [HTTPField.Name("X-Wildcat-Fetch")!: "1"])
            #expect(scripted.status == .unprocessableContent)
            #expect(scripted.headers[.contentType] == "application/problem+json")
            // Refused text did not count; the unknown thread (a real attempt) and three posts do, the next is limited.
            for i in 0..<3 { #expect(try await rosa.post(general + "/messages", ["body": "ok \(i)"]).status == .seeOther) }
            let flood = try await rosa.post(general + "/messages", ["body": "too many"])
            #expect(flood.status == .tooManyRequests)
            #expect(flood.headers[.retryAfter] != nil)
            #expect(try await rosa.get(general).body.contains("ok 2"))
        }
    }

    @Test func channelsAreCreatedAndUnreadCountsShown() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, assembly, _) = try await twoMembers(app, client)
            try await rosa.get(assembly)
            let created = try await rosa.post(assembly + "/channels", ["name": "Night shift"])
            #expect(created.status == .seeOther)
            let night = try #require(created.location)
            #expect(try await rosa.post(assembly + "/channels", ["name": "night shift"]).status == .conflict)
            #expect(try await rosa.post(assembly + "/channels", ["name": "<b>"]).status == .unprocessableContent)
            try await rosa.get(night)
            for i in 0..<3 { _ = try await rosa.post(night + "/messages", ["body": "night \(i)"]) }
            #expect(try await lucy.get(assembly).body.contains(#"<span class="badge unread">3 new</span>"#))
            try await lucy.get(night)
            #expect(try await lucy.get(assembly).body.contains(#"<span class="badge unread" hidden>0 new</span>"#))
            #expect(try await lucy.get("/").body.contains("Store 14</a>"))
        }
    }

    @Test func deleteEverythingIWroteRemovesItAll() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, lucy, _, general) = try await twoMembers(app, client)
            try await lucy.get(general)
            for i in 0..<4 { _ = try await lucy.post(general + "/messages", ["body": "lucy says \(i)"]) }
            try await rosa.get(general)
            _ = try await rosa.post(general + "/messages", ["body": "rosa stays"])
            try await lucy.get("/account")
            let done = try await lucy.post("/account/messages/delete")
            #expect(done.body.contains("All 4 messages you wrote are gone."))
            let page = try await rosa.get(general)
            #expect(!page.body.contains("lucy says") && page.body.contains("rosa stays"))
        }
    }

    @Test func chatOverTheAPI() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let first = String(try await app.firstPersonLink().dropFirst("/join/".count))
            var rosa = APIClient(client: client)
            rosa.token = try #require(try await rosa.call(.post, "/accounts", ["inviteToken": first, "pseudonym": "Rosa", "passphrase": "long enough passphrase"]).object["token"] as? String)
            let assembly = try #require(try await rosa.call(.post, "/assemblies", ["name": "Store 14"]).object["id"] as? String)
            let channels = try await rosa.call(.get, "/assemblies/\(assembly)/channels")
            let general = try #require(channels.array.first?["id"] as? String)
            let posted = try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(general)/messages", ["body": "hello"])
            #expect(posted.status == .created)
            let id = try #require(posted.object["id"] as? String)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(general)/messages", ["body": "reply", "threadRoot": id]).status == .created)
            let thread = try await rosa.call(.get, "/assemblies/\(assembly)/messages/\(id)/thread")
            #expect((thread.object["replies"] as? [[String: Any]])?.count == 1)
            #expect(try await rosa.call(.patch, "/assemblies/\(assembly)/messages/\(id)", ["body": "hello all"]).object["body"] as? String == "hello all")
            #expect(try await rosa.call(.get, "/assemblies/\(assembly)/messages/\(id)/edits").array.first?["body"] as? String == "hello")
            let list = try await rosa.call(.get, "/assemblies/\(assembly)/channels/\(general)/messages?limit=10")
            #expect(list.array.map { $0["body"] as? String } == ["hello all"])
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(general)/messages", ["body": ""]).status == .unprocessableContent)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/channels/nochannel/messages", ["body": "x"]).status == .notFound)
            #expect(try await rosa.call(.post, "/assemblies/\(assembly)/channels/\(general)/read", ["upTo": id]).status == .noContent)
            #expect(try await rosa.call(.delete, "/assemblies/\(assembly)/messages/\(id)").status == .noContent)
            #expect(try await rosa.call(.delete, "/me/messages").object["count"] as? Int == 1)
        }
    }
}
