import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import WildcatStore
@testable import WildcatWeb

/// What an intruder tries before holding any right (issue 15): fixing a victim's session, and
/// guessing invites. Forged forms and passphrase guessing are in JourneyTests.
@Suite("Intruders")
struct IntruderTests {
    @Test func aSessionOrTokenPlantedBeforeSigningInIsWorthNothingAfter() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await Browser(client).signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            // The intruder takes a signed-out visitor's cookie and anti-forgery token of their own.
            let intruder = Browser(client)
            try await intruder.get("/login")
            let plantedAnonymous = try #require(intruder.cookies[CookieSessionMiddleware.anonymousCookieName])
            let plantedToken = try #require(intruder.lastCSRF)
            // ...and plants them, with a session cookie of their choosing, in Lucy's browser.
            let lucy = Browser(client)
            lucy.cookies[CookieSessionMiddleware.anonymousCookieName] = plantedAnonymous
            lucy.cookies[CookieSessionMiddleware.cookieName] = "chosen-by-the-intruder-0123456789abcdefghijk"
            try await lucy.get("/login")
            #expect(try await lucy.post("/login", ["pseudonym": "Lucy", "passphrase": "correct horse battery staple"]).status == .seeOther)
            // Signing in gave Lucy a new session: the planted value is not it, and opens nothing.
            let session = try #require(lucy.cookies[CookieSessionMiddleware.cookieName])
            #expect(session != "chosen-by-the-intruder-0123456789abcdefghijk" && session.count >= 43)
            let replay = Browser(client)
            replay.cookies[CookieSessionMiddleware.cookieName] = "chosen-by-the-intruder-0123456789abcdefghijk"
            #expect(try await replay.get(path).location?.hasPrefix("/login") == true)
            // The intruder's anti-forgery token was bound to the planted visitor's cookie, not to
            // Lucy's session: a forged form with it changes nothing.
            #expect(try await lucy.get(path).status == .ok)
            #expect(try await lucy.post(path + "/channels", ["name": "forged"], csrf: plantedToken).status == .forbidden)
            #expect(!(try await lucy.get(path).body.contains("forged")))
            #expect(try await lucy.post(path + "/channels", ["name": "real"]).status == .seeOther)
        }
    }

    @Test func guessingInvitesIsRefusedAfterAFewMissesFromOneAddress() async throws {
        var limits = RateLimits.standard
        limits.inviteMissesPerAddress = RateLimit(5, per: 3600)
        let app = try await TestApp.make(rateLimits: limits, trustProxy: true)
        try await app.run { client in
            let rosa = Browser(client)
            rosa.address = "10.0.0.1"
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let real = try await rosa.invite(path)
            // An invite's token holds 256 random bits: guessing one is hopeless, and still limited.
            let token = String(real.dropFirst("/join/".count))
            #expect(token.count >= 43)
            let guesser = Browser(client)
            guesser.address = "192.0.2.9"
            var api = APIClient(client: client)
            for attempt in 0..<5 {
                let guess = String(SecretToken.generate().value.dropLast(2)) + String(format: "%02d", attempt)
                let missed = attempt % 2 == 0 ? try await guesser.get("/join/" + guess).status
                                              : try await api.call(.get, "/invites/" + guess, headers: [HTTPField.Name("X-Forwarded-For")!: "192.0.2.9"]).status
                #expect(missed == .notFound)
            }
            // Over the limit, every lookup from that address is refused, the real invite too,
            // so a guess that happened to hit would not show it.
            let refused = try await guesser.get(real)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
            #expect(try await api.call(.get, "/invites/" + token, headers: [HTTPField.Name("X-Forwarded-For")!: "192.0.2.9"]).status == .tooManyRequests)
            try await guesser.get("/login")
            let signUp = try await guesser.post(real, ["pseudonym": "Guesser", "passphrase": "long enough passphrase"])
            #expect(signUp.status == .tooManyRequests, "\(signUp.status) \(signUp.body.prefix(300))")
            // Elsewhere, the invite works; the refusal lapses after its hour.
            let lucy = Browser(client)
            lucy.address = "10.0.0.2"
            #expect(try await lucy.signUp(link: real, pseudonym: "Lucy").status == .seeOther)
            app.clock.advance(by: 3601)
            api.token = nil
            #expect(try await guesser.get(try await rosa.invite(path)).status == .ok)
            #expect(try await app.store.accountCount() == 2)
        }
    }
}
