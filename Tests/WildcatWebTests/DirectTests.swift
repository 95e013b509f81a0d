import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Direct messages through the pages: between two members of an assembly, and no one else.
@Suite("Direct messages")
struct DirectTests {
    @Test func twoMembersWriteAndOthersFindNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), nina = Browser(client), carol = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            _ = try await nina.signUp(link: try await rosa.invite(path), pseudonym: "Nina")
            let elsewhere = try await rosa.found("Janitors")
            _ = try await carol.signUp(link: try await rosa.invite(elsewhere), pseudonym: "Carol")

            #expect(try await rosa.get(path).body.contains(#"href="\#(path)/direct">Direct messages</a>"#))
            try await rosa.get(path + "/direct")
            let opened = try await rosa.post(path + "/direct", ["to": "@lucy"])
            #expect(opened.status == .seeOther)
            let conversation = try #require(opened.location)
            try await rosa.get(conversation)
            #expect(try await rosa.post(conversation + "/messages", ["body": "Can you cover the gate at six?"]).status == .seeOther)
            let lucysPage = try await lucy.get(conversation).body
            #expect(lucysPage.contains("Can you cover the gate at six?") && lucysPage.contains(#"<h1 class="page-title">Rosa</h1>"#))
            #expect(try await lucy.get(path + "/direct").body.contains(#"<a href="\#(conversation)">Rosa</a>"#))

            // Another member, a member of another assembly, or the same address through another assembly: not found.
            #expect(try await nina.get(conversation).status == .notFound)
            try await nina.get(path)
            #expect(try await nina.post(conversation + "/messages", ["body": "Let me in"]).status == .notFound)
            #expect(try await carol.get(conversation).status == .notFound)
            let id = String(try #require(conversation.split(separator: "/").last))
            #expect(try await carol.get(elsewhere + "/direct/" + id).status == .notFound)
            #expect(!(try await nina.get(path + "/direct")).body.contains(id))

            // Someone who shares no assembly, oneself, an empty message: refused with the reason, nothing stored.
            try await rosa.get(path + "/direct")
            let stranger = try await rosa.post(path + "/direct", ["to": "Carol"])
            #expect(stranger.status == .unprocessableContent && stranger.body.contains("you can write only to someone who shares it with you"))
            let me = try await rosa.post(path + "/direct", ["to": "Rosa"])
            #expect(me.status == .unprocessableContent && me.body.contains("You cannot write a direct message to yourself."))
            try await rosa.get(conversation)
            #expect(try await rosa.post(conversation + "/messages", ["body": "   "]).status == .unprocessableContent)

            // Lucy cannot delete Rosa's message; Rosa can.
            let delete = String(try #require(try await rosa.get(conversation).body.firstMatch(of: /action="([^"]+\/delete)"/)).1)
            try await lucy.get(conversation)
            #expect(try await lucy.post(delete).status == .notFound)
            try await rosa.get(conversation)
            #expect(try await rosa.post(delete).status == .seeOther)
            #expect(!(try await lucy.get(conversation)).body.contains("cover the gate"))
        }
    }
}
