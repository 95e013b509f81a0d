import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// Reactions through the pages: counted, toggled, refused for what a member cannot read.
@Suite("Reactions")
struct ReactionTests {
    @Test func aReactionIsCountedAndBadOnesChangeNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), carol = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            let elsewhere = try await rosa.found("Janitors")
            _ = try await carol.signUp(link: try await rosa.invite(elsewhere), pseudonym: "Carol")
            let general = String(try #require(try await rosa.get(path).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            try await rosa.get(general)
            try await rosa.post(general + "/messages", ["body": "Walk out at noon?"])
            let page = try await lucy.get(general).body
            let react = String(try #require(page.firstMatch(of: /action="([^"]+\/react)"/)).1)
            #expect(try await lucy.post(react, ["reaction": "fist"]).status == .seeOther)
            let after = try await rosa.get(general).body
            #expect(after.contains(#"data-reaction="fist" aria-pressed="false" aria-label="raised fist, 1">✊ <span class="count">1</span>"#))
            // Not one of the six, or none: refused.
            try await lucy.get(general)
            #expect(try await lucy.post(react, ["reaction": "💩"]).status == .unprocessableContent)
            #expect(try await lucy.post(react, [:]).status == .unprocessableContent)
            // A member of another assembly reaching for this message: not found.
            let carolsGeneral = String(try #require(try await carol.get(elsewhere).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            try await carol.get(carolsGeneral)
            let message = String(try #require(react.firstMatch(of: /\/m\/([a-z0-9]+)\/react/)).1)
            #expect(try await carol.post(carolsGeneral + "/m/\(message)/react", ["reaction": "heart"]).status == .notFound)
            #expect(try await carol.post(react, ["reaction": "heart"]).status == .notFound)
            // Lucy takes hers back.
            try await lucy.get(general)
            try await lucy.post(react, ["reaction": "fist"])
            #expect(!(try await rosa.get(general)).body.contains(#"data-reaction="fist""#))
        }
    }
}
