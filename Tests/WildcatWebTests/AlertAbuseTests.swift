import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// What an informer holding one invite might try against the alert settings, and what they get.
@Suite("Alerts against abuse")
struct AlertAbuseTests {
    @Test func aSettingsFormNamingAnotherAssemblyChangesNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), karl = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await karl.signUp(link: try await rosa.invite(path), pseudonym: "Karl")
            let other = String(try await rosa.found("Elsewhere").dropFirst(3))
            let mine = String(path.dropFirst(3))
            try await karl.get("/account/alerts")
            #expect(try await karl.post("/account/alerts", ["digest": "weekly", "utcOffset": "60"]).status == .seeOther)
            // A level for an assembly Karl is not in: refused as not found, and the digest and
            // his own assembly's level in the same form are not saved either.
            try await karl.get("/account/alerts")
            let refused = try await karl.post("/account/alerts", ["digest": "daily", "level[\(mine)][push]": "everything",
                                                                  "level[\(other)][push]": "everything"])
            #expect(refused.status == .notFound)
            let karlID = ID<Account>(try #require(try await karl.account(path)))
            let stored = try await app.store.alertSettings(of: karlID)
            #expect(stored.settings.digest == .weekly && stored.settings.utcOffsetMinutes == 60 && stored.levels.isEmpty)
            // A form of thousands of assemblies is refused before anything is looked up.
            try await karl.get("/account/alerts")
            var huge: [String: String] = ["digest": "none"]
            for i in 0..<1001 { huge["level[a\(i)][push]"] = "nothing" }
            #expect(try await karl.post("/account/alerts", huge).status == .unprocessableContent)
        }
    }

    @Test func nobodyRemovesAnotherMembersDevice() async throws {
        let app = try await TestApp.make(pushTransport: ScriptedPushService([:]))
        try await app.run { client in
            let rosa = Browser(client), karl = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let invite = try await rosa.invite(path)
            let rosaID = ID<Account>(try #require(try await rosa.account(path)))
            let id = try await app.store.savePushSubscription(for: rosaID, endpoint: "https://push.example/rosa", p256dh: TestSubscriber().p256dh,
                                                              auth: "AAAAAAAAAAAAAAAAAAAAAA", now: app.clock.now)
            _ = try await karl.signUp(link: invite, pseudonym: "Karl")
            // By the page's form, naming Rosa's endpoint; by the API, naming her subscription's id.
            try await karl.get("/account/alerts")
            #expect(try await karl.post("/account/alerts/push/delete", ["endpoint": "https://push.example/rosa"]).status == .seeOther)
            let karlAPI = try await APIClient.signUp(client, invite: try await rosa.invite(path), as: "Karl2")
            // Another member's subscription is as unknown to him as one that never was.
            #expect(try await karlAPI.call(.delete, "/push/subscriptions/\(id)").status == .notFound)
            #expect(try await app.store.pushSubscriptions(of: rosaID).map(\.id) == [id])
        }
    }

    @Test func confirmationAndUnsubscribeLinksCannotBeForged() async throws {
        // The relay's port is closed: the confirmation cannot be sent, the address is kept.
        let app = try await TestApp.make(mailRelayPort: 9)
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let rosaID = ID<Account>(try #require(try await rosa.account(path)))
            try await rosa.get("/account/alerts")
            // An address that would smuggle a header into the message is refused.
            let injected = try await rosa.post("/account/alerts/email", ["email": "rosa@example.org\r\nBcc: boss@example.org"])
            #expect(injected.status == .unprocessableContent && injected.body.contains("not an e-mail address"))
            try await rosa.get("/account/alerts")
            let kept = try await rosa.post("/account/alerts/email", ["email": "rosa@example.org"])
            #expect(kept.status == .ok && kept.body.contains("could not be sent now"))
            let sealed = try #require(try await app.store.alertSettings(of: rosaID).sealedEmail)
            #expect(!sealed.contains("rosa") && !sealed.contains("example"))
            // A made-up token, or one for another account, confirms nothing.
            let stranger = Browser(client)
            let forged = try await stranger.post(Paths.confirmEmail(rosaID, token: String(repeating: "A", count: 43)), csrf: "")
            #expect(forged.status == .notFound)
            #expect(try await app.store.alertSettings(of: rosaID).emailConfirmed == false)
            let tokens = AlertTokens(keys: app.built.environment.keys)
            #expect(try await stranger.post(Paths.confirmEmail(ID("someoneelse"), token: tokens.confirm(rosaID, sealed: sealed)), csrf: "").status == .notFound)
            #expect(try await stranger.post(Paths.confirmEmail(rosaID, token: tokens.confirm(rosaID, sealed: sealed)), csrf: "").status == .ok)
            #expect(try await app.store.alertSettings(of: rosaID).emailConfirmed)
            // Unsubscribing needs Rosa's own token: a forged one leaves the address.
            #expect(try await stranger.get(Paths.unsubscribe(rosaID, token: "forged")).status == .notFound)
            #expect(try await stranger.post(Paths.unsubscribe(rosaID, token: tokens.unsubscribe(ID("someoneelse"))), csrf: "").status == .notFound)
            #expect(try await app.store.alertSettings(of: rosaID).sealedEmail == sealed)
            #expect(try await stranger.post(Paths.unsubscribe(rosaID, token: tokens.unsubscribe(rosaID)), csrf: "").status == .ok)
            #expect(try await app.store.alertSettings(of: rosaID).sealedEmail == nil)
        }
    }
}
