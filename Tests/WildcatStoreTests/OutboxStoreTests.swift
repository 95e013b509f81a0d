import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func draft(urgent: Bool) -> ProposalDraft {
    var draft = ProposalDraft(title: "Walk out", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                              abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: false, resultsLive: true,
                              closesAt: t0 + 7200, effect: nil)
    draft.urgent = urgent ? true : nil
    return draft
}

@Suite("Alert outbox", .serialized)
struct OutboxStoreTests {
    @Test(arguments: Backend.available)
    func alertsAreQueuedOncePerMemberAndChannelAsEachChoseAndSentOnce(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await newAccount(store, "Bob", into: depot.id)
            let cy = try await newAccount(store, "Cy", into: depot.id)
            // Ann: two devices. Bob: one device, but nothing from this assembly by push; a
            // confirmed address. Cy: an address not yet confirmed.
            try await store.savePushSubscription(for: ann.id, endpoint: "https://push.example/a1", p256dh: "k", auth: "a", now: t0)
            try await store.savePushSubscription(for: ann.id, endpoint: "https://push.example/a2", p256dh: "k", auth: "a", now: t0)
            try await store.savePushSubscription(for: bob.id, endpoint: "https://push.example/b1", p256dh: "k", auth: "a", now: t0)
            try await store.setAlertLevel(.nothing, on: .push, in: depot.id, for: bob.id)
            try await store.saveEmail(sealed: "sealed-bob", for: bob.id, now: t0)
            #expect(try await store.confirmEmail(sealed: "sealed-bob", for: bob.id, now: t0))
            try await store.saveEmail(sealed: "sealed-cy", for: cy.id, now: t0)
            #expect(try await !store.confirmEmail(sealed: "stale", for: cy.id, now: t0))

            // A proposal that is not urgent: nobody asked for everything.
            let (plain, _) = try await store.createProposal(in: depot, by: ann, draft: draft(urgent: false), now: t0)
            #expect(try await store.alertDeliveries(key: "proposal:\(plain.id)").queued == 0)
            let (urgent, _) = try await store.createProposal(in: depot, by: ann, draft: draft(urgent: true), now: t0)
            let key = "proposal:\(urgent.id)"
            #expect(try await store.alertDeliveries(key: key).queued == 3)   // Ann ×2 by push, Bob by e-mail
            #expect(try await store.queuedAlertCount() == 3)

            let claimed = try await store.claimDueAlerts(now: t0, lease: t0 + 120)
            #expect(claimed.count == 3)
            #expect(Set(claimed.map(\.channel)) == [.push, .email])
            #expect(claimed.allSatisfy { $0.text == "New urgent vote in your assembly" && $0.attempt == 1 })
            #expect(claimed.first { $0.channel == .email }?.sealedEmail == "sealed-bob")
            // Leased: not handed out again before the lease ends.
            #expect(try await store.claimDueAlerts(now: t0 + 60, lease: t0 + 180).isEmpty)
            let push = claimed.filter { $0.channel == .push }
            try await store.finishAlerts(push.map(\.id), now: t0 + 1)
            // The e-mail failed: back in 30 s, and taken then (a second attempt).
            let mail = try #require(claimed.first { $0.channel == .email })
            try await store.retryAlert(mail.id, at: t0 + 31, error: "relay down")
            #expect(try await store.claimDueAlerts(now: t0 + 30, lease: t0 + 150).isEmpty)
            let again = try await store.claimDueAlerts(now: t0 + 31, lease: t0 + 151)
            #expect(again.map(\.id) == [mail.id] && again[0].attempt == 2)
            try await store.finishAlerts([mail.id], now: t0 + 32)
            #expect(try await store.alertDeliveries(key: key) == (queued: 3, sent: 3, failed: 0))
            #expect(try await store.queuedAlertCount() == 0)
            #expect(try await store.claimDueAlerts(now: t0 + 10_000, lease: t0 + 10_120).isEmpty)
            // Kept a week, then deleted.
            #expect(try await store.purgeSentAlerts(before: t0) == 0)
            #expect(try await store.purgeSentAlerts(before: t0 + 100) == 3)
        }
    }

    @Test(arguments: Backend.available)
    func aGoneSubscriptionTakesItsQueuedAlertsWithItAndQuietHoursDelayTheRest(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: ann.id, rules: .defaults, now: t0)
            let id = try await store.savePushSubscription(for: ann.id, endpoint: "https://push.example/a1", p256dh: "k", auth: "a", now: t0)
            // Everything, but quiet hours that hold what is not urgent: t0 is 08:00 UTC.
            try await store.setAlertLevel(.everything, on: .push, in: depot.id, for: ann.id)
            let quiet = try #require(QuietHours(startMinute: 7 * 60 + 30, endMinute: 9 * 60))
            try await store.saveAlertSettings(AlertSettings(quietHours: quiet, urgentBreaksQuiet: true), for: ann.id, now: t0)
            let (plain, _) = try await store.createProposal(in: depot, by: ann, draft: draft(urgent: false), now: t0)
            let (urgent, _) = try await store.createProposal(in: depot, by: ann, draft: draft(urgent: true), now: t0)
            let due = try await store.claimDueAlerts(now: t0, lease: t0 + 120)
            #expect(due.map(\.key) == ["proposal:\(urgent.id)"])
            #expect(try await store.alertDeliveries(key: "proposal:\(plain.id)").queued == 1)
            try await store.deletePushSubscription(id: id, now: t0 + 1)
            #expect(try await store.pushSubscriptions(of: ann.id).isEmpty)
            #expect(try await store.alertDeliveries(key: "proposal:\(plain.id)").failed == 1)
            #expect(try await store.claimDueAlerts(now: t0 + 86400, lease: t0 + 86520).isEmpty)
        }
    }
}
