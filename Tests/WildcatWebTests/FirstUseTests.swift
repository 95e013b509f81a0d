import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// What an organizer met on first use (issue 9): accounts that cannot be impersonated or locked
/// out, and the rough edges of the pages.
@Suite("First use")
struct FirstUseTests {
    private func founder(_ app: TestApp, _ client: any TestClientProtocol, name: String = "Rosa") async throws -> (Browser, String) {
        let rosa = Browser(client)
        _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: name)
        return (rosa, try await rosa.found("Store 14"))
    }

    // MARK: Accounts

    @Test func aLookalikePseudonymIsRefused() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            for lookalike in ["R\u{043E}sa", "Ro\u{0455}a", "Rosa\u{0301}x\u{0430}"] {
                let page = try await Browser(client).signUp(link: try await rosa.invite(assembly), pseudonym: lookalike)
                #expect(page.status == .conflict || page.status == .unprocessableContent, "\(lookalike.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            // Mixed scripts are refused even without a lookalike.
            let mixed = try await Browser(client).signUp(link: try await rosa.invite(assembly), pseudonym: "Ma\u{0440}ia")
            #expect(mixed.status == .unprocessableContent || mixed.status == .conflict)
            #expect(try await app.store.accountCount() == 1)
            // A name in one other script is fine.
            #expect(try await Browser(client).signUp(link: try await rosa.invite(assembly), pseudonym: "Мария").status == .seeOther)
        }
    }

    @Test func wrongPassphrasesFromElsewhereDoNotLockTheMemberOut() async throws {
        let app = try await TestApp.make(trustProxy: true)
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            let lucy = Browser(client)
            lucy.address = "10.0.0.7"
            _ = try await lucy.signUp(link: try await rosa.invite(assembly), pseudonym: "Lucy")
            try await lucy.post("/logout")
            // A saboteur types wrong passphrases for Lucy, from several addresses.
            for attempt in 0..<12 {
                let saboteur = Browser(client)
                saboteur.address = "192.0.2.\(attempt % 3)"
                try await saboteur.get("/login")
                #expect(try await saboteur.post("/login", ["pseudonym": "Lucy", "passphrase": "wrong guess \(attempt)"]).status != .seeOther)
            }
            // Lucy, on her own phone, signs in at once.
            try await lucy.get("/login")
            let back = try await lucy.post("/login", ["pseudonym": "Lucy", "passphrase": "correct horse battery staple"])
            #expect(back.status == .seeOther, "\(back.status): \(back.body.prefix(200))")
        }
    }

    @Test func aMemberChangesTheirPassphrase() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, _) = try await founder(app, client)
            let otherDevice = Browser(client)
            try await otherDevice.get("/login")
            _ = try await otherDevice.post("/login", ["pseudonym": "Rosa", "passphrase": "correct horse battery staple"])
            try await rosa.get("/account")
            let wrong = try await rosa.post("/account/passphrase", ["current": "not my passphrase", "new": "a brand new passphrase"])
            #expect(wrong.status == .unauthorized)
            let changed = try await rosa.post("/account/passphrase", ["current": "correct horse battery staple", "new": "a brand new passphrase"])
            #expect(changed.status == .seeOther || changed.status == .ok)
            // Other devices are signed out unless Rosa asked to keep them.
            #expect(try await otherDevice.get("/account").status == .seeOther)
            #expect(try await rosa.get("/account").status == .ok)
            let fresh = Browser(client)
            try await fresh.get("/login")
            #expect(try await fresh.post("/login", ["pseudonym": "Rosa", "passphrase": "correct horse battery staple"]).status == .unauthorized)
            try await fresh.get("/login")
            #expect(try await fresh.post("/login", ["pseudonym": "Rosa", "passphrase": "a brand new passphrase"]).status == .seeOther)
        }
    }

    @Test func signingInFromADeepLinkReturnsThere() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            try await rosa.post("/logout")
            let bounced = try await rosa.get(assembly + "/p")
            let login = try #require(bounced.location)
            // The sign-in form carries the page asked for, as a browser would send it back.
            let next = try #require(try await rosa.get(login).body.firstMatch(of: /name="next" value="([^"]*)"/)).1
            let back = try await rosa.post("/login", ["pseudonym": "Rosa", "passphrase": "correct horse battery staple", "next": String(next)])
            #expect(back.location == assembly + "/p")
            // Only a path on this site: never somewhere else.
            try await rosa.get("/")
            try await rosa.post("/logout")
            let evil = try #require(try await rosa.get("/login?next=//evil.example/x").body.firstMatch(of: /name="next" value="([^"]*)"/)).1
            #expect(evil == "/")
            #expect(try await rosa.post("/login", ["pseudonym": "Rosa", "passphrase": "correct horse battery staple", "next": "//evil.example/x"]).location == "/")
        }
    }

    // MARK: Chat

    @Test func unreadCountsAreExactOnALongBacklog() async throws {
        let app = try await TestApp.make(rateLimits: RateLimits(loginPerPseudonym: RateLimit(10, per: 900), loginPerAddress: RateLimit(30, per: 900),
                                                                signupPerAddress: RateLimit(20, per: 3600), writesPerClient: RateLimit(10_000, per: 60),
                                                                messagesPerMember: RateLimit(10_000, per: 10), supporterSignupsPerAddress: RateLimit(10, per: 3600)))
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            let lucy = Browser(client)
            _ = try await lucy.signUp(link: try await rosa.invite(assembly), pseudonym: "Lucy")
            let general = try #require(try await rosa.get(assembly).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1
            try await rosa.get(String(general))
            try await lucy.get(String(general))
            for n in 1...75 { #expect(try await lucy.post(String(general) + "/messages", ["body": "news \(n)"]).status == .seeOther) }
            #expect(try await rosa.get(assembly).body.contains(">75 new<"))
        }
    }

    @Test func aBadChannelNameIsRefusedInPlaceKeepingWhatWasTyped() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            let taken = try await rosa.post(assembly + "/channels", ["name": "General"])
            #expect(taken.status == .conflict)
            #expect(taken.body.contains(#"id="channel-name""#), "the assembly page again, with its form")
            #expect(taken.body.contains(#"value="General""#))
            let long = try await rosa.post(assembly + "/channels", ["name": String(repeating: "n", count: 41)])
            #expect(long.status == .unprocessableContent)
            #expect(long.body.contains("at most 40 characters"))
        }
    }

    // MARK: Proposals

    @Test func anEarlyCloseShowsWhenItClosedAndPostsTheOutcome() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let (rosa, assembly) = try await founder(app, client)
            try await rosa.get(assembly + "/p/new")
            let made = try await rosa.post(assembly + "/p", ["title": "Walkout at noon", "method": "yesno", "closesInMinutes": "600"])
            let proposal = try #require(made.location)
            try await rosa.get(proposal)
            app.clock.advance(by: 125)
            #expect(try await rosa.post(proposal + "/vote", ["choice": "yes"]).status == .seeOther)
            let page = try await rosa.get(proposal)
            let closed = try #require(page.body.firstMatch(of: /<dt>Closed<\/dt><dd[^>]*><time datetime="([^"]+)"/)).1
            let deadline = try #require(page.body.firstMatch(of: /voting was to close <time datetime="([^"]+)"/)).1
            #expect(closed != deadline, "the page shows when it closed, not its deadline")
            // #general announces it, as the platform, with a link, at opening and at closing; nobody can edit those posts.
            let general = try #require(try await rosa.get(assembly).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1
            let chat = try await rosa.get(String(general)).body
            #expect(chat.contains("New proposal:"))
            #expect(chat.contains("Vote closed:"))
            #expect(chat.contains(#"<a href="\#(proposal)"><strong>Walkout at noon</strong></a>"#))
            let posts = chat.matches(of: /<article class="msg system" id="m([^"]+)"/).map { String($0.1) }
            #expect(posts.count == 2)
            for post in posts {
                #expect(try await rosa.get(String(general) + "/m/\(post)/edit").status == .notFound)
            }
        }
    }
}
