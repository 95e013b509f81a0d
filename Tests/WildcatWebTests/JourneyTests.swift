import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Prometheus
import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite("Pages")
struct JourneyTests {
    @Test func firstPersonFoundsAnAssemblyAndACoworkerJoinsIt() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let founder = Browser(client)
            let welcome = try await founder.get(link)
            #expect(welcome.status == .ok)
            #expect(welcome.body.contains("You are the first person here"))
            let signedUp = try await founder.post(link, ["pseudonym": "Rosa", "passphrase": "bread and roses too"])
            #expect(signedUp.status == .seeOther)
            #expect(founder.cookies["wc_session"] != nil)
            let assemblyPath = try await founder.found("Store 14 workers")
            #expect(assemblyPath.hasPrefix("/a/"))

            let invitePath = try await founder.invite(assemblyPath)
            let coworker = Browser(client)
            let joinPage = try await coworker.get(invitePath)
            #expect(joinPage.body.contains("Join Store 14 workers"))
            #expect(joinPage.body.contains("Rosa invited you"))
            let joined = try await coworker.post(invitePath, ["pseudonym": "Lucy", "passphrase": "picket line at dawn"])
            #expect(joined.location == assemblyPath)

            for browser in [founder, coworker] {
                let page = try await browser.get(assemblyPath)
                #expect(page.status == .ok)
                #expect(page.body.contains("<strong>Rosa</strong>"))
                #expect(page.body.contains("<strong>Lucy</strong>"))
                #expect(page.body.contains("invited by Rosa"))
                #expect(page.body.contains("Messages are kept for</dt><dd>90 days"))
                #expect(page.body.contains("Rosa founded the assembly “Store 14 workers”."))
                #expect(page.body.contains("Rosa created an invite link for one person."))
                #expect(page.body.contains("Lucy joined, invited by Rosa."))
            }
            // The link was single-use.
            let reused = try await Browser(client).get(invitePath)
            #expect(reused.status == .gone)
            #expect(reused.body.contains("already been used"))
        }
    }

    @Test func aMemberCannotOpenAnotherAssembly() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: link, pseudonym: "Rosa")
            let store14 = try await rosa.found("Store 14")
            let janitors = try await rosa.found("Janitors")
            let lucy = Browser(client)
            _ = try await lucy.signUp(link: try await rosa.invite(store14), pseudonym: "Lucy")
            #expect(try await lucy.get(store14).status == .ok)
            let forbidden = try await lucy.get(janitors)
            #expect(forbidden.status == .notFound)
            #expect(!forbidden.body.contains("Janitors"))
            // Nor act in it.
            #expect(try await lucy.post(janitors + "/invites", ["forSeveral": "false"]).status == .notFound)
            #expect(try await lucy.get("/a/doesnotexist").status == .notFound)
            // Signed out, an assembly page sends you to sign in.
            let anonymous = try await Browser(client).get(store14)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location == "/login?next=\(store14)")
        }
    }

    @Test func formsWithoutTheAntiForgeryTokenOrFromAnotherSiteChangeNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: link, pseudonym: "Rosa")
            try await rosa.get("/")
            let missing = try await rosa.post("/assemblies", ["name": "Forged"], csrf: "")
            #expect(missing.status == .forbidden)
            let wrong = try await rosa.post("/assemblies", ["name": "Forged"], csrf: "AAAA")
            #expect(wrong.status == .forbidden)
            let crossSite = try await rosa.post("/assemblies", ["name": "Forged"], extraHeaders: [.origin: "https://evil.example"])
            #expect(crossSite.status == .forbidden)
            #expect(try await app.store.assemblies(matching: "Forged").isEmpty)
            // Another person's token does not work either.
            let other = Browser(client)
            try await other.get("/login")
            #expect(try await rosa.post("/assemblies", ["name": "Forged"], csrf: other.lastCSRF!).status == .forbidden)
            #expect(try await rosa.post("/assemblies", ["name": "Real"]).status == .seeOther)
        }
    }

    @Test func hostileAndMalformedInputIsRefusedClearly() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let rosa = Browser(client)
            let bad = try await rosa.signUp(link: link, pseudonym: "<script>alert(1)</script>")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("letters, digits, spaces"))
            #expect(!bad.body.contains("<script>alert(1)"))
            #expect(bad.body.contains("&lt;script&gt;"))   // echoed back escaped in the form
            #expect(try await rosa.post(link, ["pseudonym": "", "passphrase": "long enough passphrase"]).status == .unprocessableContent)
            #expect(try await rosa.post(link, ["pseudonym": "Rosa", "passphrase": "short"]).status == .unprocessableContent)
            #expect(try await app.store.accountCount() == 0)
            _ = try await rosa.signUp(link: link, pseudonym: "Rosa")

            try await rosa.get("/")
            let script = try await rosa.post("/assemblies", ["name": "<img src=x onerror=alert(1)>"])
            #expect(script.status == .unprocessableContent)
            #expect(script.body.contains("may not contain &lt; or &gt;"))
            #expect(try await rosa.post("/assemblies", ["name": String(repeating: "x", count: 81)]).status == .unprocessableContent)
            #expect(try await rosa.post("/assemblies", ["name": "   "]).status == .unprocessableContent)
            let ampersand = try await rosa.found("Cashiers & \"Janitors\" 'United'")
            let page = try await rosa.get(ampersand)
            #expect(page.body.contains("Cashiers &amp; &quot;Janitors&quot; &#39;United&#39;"))

            // Not UTF-8.
            let csrf = try #require(rosa.lastCSRF)
            let raw = try await rosa.send("/assemblies", method: .post, body: ByteBuffer(string: "csrf=\(csrf)&name=%FF%FE"), contentType: "application/x-www-form-urlencoded")
            #expect(raw.status == .unprocessableContent)
            #expect(raw.body.contains("not valid UTF-8"))
            // Too large.
            let huge = try await rosa.send("/assemblies", method: .post, body: ByteBuffer(string: "csrf=\(csrf)&name=" + String(repeating: "a", count: 70_000)), contentType: "application/x-www-form-urlencoded")
            #expect(huge.status == .contentTooLarge)
            // Bad invite settings.
            let tooMany = try await rosa.post(ampersand + "/invites", ["forSeveral": "true", "maxUses": "5000"])
            #expect(tooMany.status == .unprocessableContent)
            #expect(try await rosa.post(ampersand + "/invites", ["forSeveral": "true", "maxUses": "ten"]).status == .unprocessableContent)
            #expect(try await rosa.post(ampersand + "/invites", ["expiresInHours": "0"]).status == .unprocessableContent)
            #expect(try await app.store.assemblies(of: #require(try await app.store.credentials(pseudonymKey: "rosa")).0.id).count == 1)
        }
    }

    @Test func usedExpiredAndUnknownInvitesSaySo() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: link, pseudonym: "Rosa")
            let assembly = try await rosa.found("Store 14")
            let withdrawn = try await rosa.invite(assembly)
            let page = try await rosa.get(assembly)
            let inviteID = try #require(page.body.firstMatch(of: /invites\/([a-z0-9]+)\/revoke/)).1
            #expect(try await rosa.post("\(assembly)/invites/\(inviteID)/revoke").status == .seeOther)
            let revoked = try await Browser(client).get(withdrawn)
            #expect(revoked.status == .gone)
            #expect(revoked.body.contains("withdrawn"))
            #expect(try await Browser(client).get("/join/\(String(repeating: "A", count: 43))").status == .notFound)
            #expect(try await Browser(client).get("/join/garbage").status == .notFound)
            // The first-person link is spent too.
            #expect(try await Browser(client).get(link).status == .gone)
        }
    }

    @Test func aTakenPseudonymIsRefusedAndTheFormKeepsWhatWasTyped() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: link, pseudonym: "Rosa")
            let invite = try await rosa.invite(try await rosa.found("Store 14"))
            let copycat = try await Browser(client).signUp(link: invite, pseudonym: "rosa")
            #expect(copycat.status == .conflict)
            #expect(copycat.body.contains("already uses that pseudonym"))
            #expect(copycat.body.contains(#"value="rosa""#))
            // The invite was not used up by the refusal.
            #expect(try await Browser(client).signUp(link: invite, pseudonym: "Lucy").status == .seeOther)
        }
    }

    @Test func signInOutSessionsAndAccountDeletion() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let phone = Browser(client)
            _ = try await phone.signUp(link: link, pseudonym: "Rosa", passphrase: "bread and roses too")
            let assembly = try await phone.found("Store 14")
            let laptop = Browser(client)
            laptop.userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"
            try await laptop.get("/login")
            let wrong = try await laptop.post("/login", ["pseudonym": "Rosa", "passphrase": "wrong passphrase!!"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("do not match"))
            let ok = try await laptop.post("/login?next=\(assembly)", ["pseudonym": "rosa", "passphrase": "bread and roses too"])
            #expect(ok.location == assembly)
            // Only local paths are followed after sign-in.
            let other = Browser(client)
            try await other.get("/login")
            let offsite = try await other.post("/login?next=//evil.example/x", ["pseudonym": "Rosa", "passphrase": "bread and roses too"])
            #expect(offsite.location == "/")
            let sessions = try await phone.get("/account")
            #expect(sessions.body.contains("Firefox on Android"))
            #expect(sessions.body.contains("Chrome on Linux"))
            #expect(sessions.body.contains("this device"))
            let others = sessions.body.matches(of: /sessions\/([a-z0-9]+)\/revoke/).map { String($0.1) }
            #expect(others.count == 2)   // the laptop and the other browser, not this phone
            for session in others {
                #expect(try await phone.post("/account/sessions/\(session)/revoke").status == .seeOther)
            }
            #expect(try await laptop.get(assembly).status == .seeOther)   // signed out remotely

            #expect(try await phone.post("/logout").status == .seeOther)
            #expect(phone.cookies["wc_session"] == nil)
            try await phone.get("/login")
            _ = try await phone.post("/login", ["pseudonym": "Rosa", "passphrase": "bread and roses too"])
            try await phone.get("/account")
            let refused = try await phone.post("/account/delete", ["passphrase": "not my passphrase"])
            #expect(refused.status == .unauthorized)
            #expect(try await app.store.accountCount() == 1)
            let deleted = try await phone.post("/account/delete", ["passphrase": "bread and roses too"])
            #expect(deleted.status == .ok)
            #expect(deleted.body.contains("Account deleted"))
            #expect(try await app.store.accountCount() == 0)
            #expect(try await phone.get(assembly).status == .seeOther)
        }
    }

    @Test func loginAttemptsAreRateLimitedPerPseudonymAndPerAddress() async throws {
        var limits = RateLimits.standard
        limits.loginPerPseudonym = RateLimit(3, per: 60)
        limits.loginPerAddress = RateLimit(5, per: 60)
        let app = try await TestApp.make(rateLimits: limits)
        try await app.run { client in
            let attacker = Browser(client)
            try await attacker.get("/login")
            for _ in 0..<3 {
                #expect(try await attacker.post("/login", ["pseudonym": "Rosa", "passphrase": "guess guess guess"]).status == .unauthorized)
            }
            let limited = try await attacker.post("/login", ["pseudonym": "Rosa", "passphrase": "guess guess guess"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.body.contains("Too many attempts"))
            #expect(try await attacker.post("/login", ["pseudonym": "Lucy", "passphrase": "guess guess guess"]).status == .unauthorized)
            // The address is now over its own limit, whatever the pseudonym.
            #expect(try await attacker.post("/login", ["pseudonym": "Ann", "passphrase": "guess guess guess"]).status == .tooManyRequests)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            for path in ["/", "/login", "/nope", "/healthz", "/api/v1/me"] {
                let page = try await Browser(client).get(path)
                let csp = try #require(page.headers[.contentSecurityPolicy])
                #expect(csp.contains("default-src 'none'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
            }
            let login = try await Browser(client).get("/login")
            #expect(!login.body.contains("<script>"))   // no inline script
            #expect(login.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(login.headers[.setCookie]?.contains("SameSite=Lax") == true)
            #expect(login.headers[.cacheControl] == "no-store")
        }
    }

    @Test func errorPagesKeepTheSignedInHeaderAndTheAPIAnswersWithProblems() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let assembly = try await rosa.found("Store 14")
            for path in ["/nowhere/at/all", "/a/nosuchassembly", assembly + "/c/nosuchchannel", assembly + "/p/nosuchproposal"] {
                let page = try await rosa.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.body.contains(#"class="me">Rosa</a>"#), "\(path): the header shows who is signed in")
                #expect(page.body.contains("Sign out"), "\(path)")
            }
            // A refused form keeps the header too.
            let refused = try await rosa.post(assembly + "/channels", ["name": "general"])
            #expect(refused.status == .conflict && refused.body.contains(#"class="me">Rosa</a>"#))
            // Signed out, a members' page sends to sign in and back.
            let stranger = Browser(client)
            #expect(try await stranger.get(assembly).location == "/login?next=\(assembly)")
            // The API answers unknown paths and its own errors with problem documents, never pages.
            for path in ["/api/v1/nowhere", "/api/v1/assemblies/x/nowhere/deep"] {
                let answer = try await stranger.get(path)
                #expect(answer.status == .notFound, "\(path)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(path)")
            }
        }
    }

    @Test func metricsHaveTheirOwnListener() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "wildcat_test_total").increment()
        let listener = MetricsListener.build(registry: registry, host: "127.0.0.1", port: 0)
        try await listener.test(.live) { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: metrics.body).contains("wildcat_test_total 1"))
            #expect(try await client.execute(uri: "/", method: .get).status == .notFound)
        }
    }

    @Test func healthAndMetrics() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let health = try await Browser(client).get("/healthz")
            #expect(health.status == .ok)
            #expect(health.body == "ok\n")
            #expect(try await Browser(client).get("/metrics").status == .notFound, "metrics are on their own listener")
            #expect(try await Browser(client).get("/static/app.css").status == .ok)
            #expect(try await Browser(client).get("/static/../Package.swift").status == .notFound)
        }
    }
}
