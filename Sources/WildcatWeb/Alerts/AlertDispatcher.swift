import Foundation
import Logging
import Metrics
import WildcatDomain
import WildcatStore

/// E-mail as the dispatcher needs it: the relay, the key that opens addresses, and the links.
struct MailDelivery: Sendable {
    let client: SMTPClient
    let sealer: MailSealer
    let tokens: AlertTokens
    let publicURL: String
}

/// Sends what the outbox holds, run by a `PeriodicService`. Each row is leased before it is sent
/// (another node, or this one after a crash, takes it again only once the lease ends), marked
/// sent once the push service or relay accepted it, and on failure retried with backoff
/// (`RetrySchedule`) until its attempts run out.
struct AlertDispatcher: Sendable {
    let store: Store
    let clock: WallClock
    let push: PushSender
    let mail: MailDelivery?
    let logger: Logger
    /// Pushes in flight at once.
    var concurrency = 64
    static let lease: TimeInterval = 120

    /// Sends everything due; returns how many rows it handled.
    @discardableResult
    func drain() async -> Int {
        var handled = 0
        do {
            while true {
                let now = clock.now()
                let batch = try await store.claimDueAlerts(now: now, lease: now.addingTimeInterval(Self.lease), limit: 500)
                if batch.isEmpty { break }
                await send(batch)
                handled += batch.count
            }
            Gauge(label: "wildcat_alerts_queued").record(try await store.queuedAlertCount())
        } catch {
            logger.error("sending alerts failed", metadata: ["error": "\(error)"])
        }
        return handled
    }

    private func send(_ batch: [QueuedAlert]) async {
        var outcomes: [(QueuedAlert, DeliveryResult)] = []
        let pushes = batch.filter { $0.channel == .push }
        let mails = batch.filter { $0.channel == .email }
        outcomes += await sendPushes(pushes)
        outcomes += await sendMail(mails)
        await record(outcomes)
    }

    private func sendPushes(_ alerts: [QueuedAlert]) async -> [(QueuedAlert, DeliveryResult)] {
        let push = self.push, now = clock.now(), concurrency = self.concurrency
        return await withTaskGroup(of: (QueuedAlert, DeliveryResult).self) { group in
            var results: [(QueuedAlert, DeliveryResult)] = []
            var pending = alerts[...]
            func start(_ alert: QueuedAlert) {
                group.addTask {
                    guard let subscription = alert.subscription else { return (alert, .failed("subscription gone")) }
                    return (alert, await push.send(alert, to: subscription, now: now))
                }
            }
            for _ in 0..<concurrency { if let next = pending.popFirst() { start(next) } }
            for await result in group {
                results.append(result)
                if let next = pending.popFirst() { start(next) }
            }
            return results
        }
    }

    /// One message per member (a digest when several are due together), all on one connection.
    private func sendMail(_ alerts: [QueuedAlert]) async -> [(QueuedAlert, DeliveryResult)] {
        guard !alerts.isEmpty else { return [] }
        guard let mail else { return alerts.map { ($0, .failed("e-mail is not configured on this server")) } }
        var results: [(QueuedAlert, DeliveryResult)] = []
        var groups: [(ID<Account>, String, [QueuedAlert])] = []
        for (account, own) in Dictionary(grouping: alerts, by: \.accountID) {
            guard let sealed = own[0].sealedEmail, let address = mail.sealer.open(sealed) else {
                results += own.map { ($0, .failed("no confirmed address")) }
                continue
            }
            groups.append((account, address, own.sorted { $0.createdAt < $1.createdAt }))
        }
        let now = clock.now()
        let messages = groups.map { account, address, own in
            let unsubscribe = mail.publicURL + Paths.unsubscribe(account, token: mail.tokens.unsubscribe(account))
            let message = AlertMail(from: mail.client.relay.from, to: address, alerts: own, publicURL: mail.publicURL, unsubscribeLink: unsubscribe, now: now)
            // The same alerts make the same Message-ID: a message sent twice can be recognised.
            let id = PushSender.topic(own.map(\.key).joined(separator: ",") + account.rawValue)
            return SMTPClient.Outgoing(recipient: address, data: message.message(messageID: id).rendered())
        }
        for (group, result) in zip(groups, await mail.client.send(messages)) {
            let outcome: DeliveryResult
            switch result {
            case .success: outcome = .delivered
            case .failure(let failure): outcome = failure.permanent ? .failed(failure.description) : .retry(failure.description)
            }
            results += group.2.map { ($0, outcome) }
        }
        return results
    }

    private func record(_ outcomes: [(QueuedAlert, DeliveryResult)]) async {
        let now = clock.now()
        var sent: [Int64] = []
        for (alert, outcome) in outcomes {
            let channel = [("channel", alert.channel.rawValue)]
            do {
                switch outcome {
                case .delivered:
                    sent.append(alert.id)
                    Counter(label: "wildcat_alerts_sent_total", dimensions: channel).increment()
                case .gone:
                    Counter(label: "wildcat_alert_failures_total", dimensions: channel + [("reason", "gone")]).increment()
                    if let subscription = alert.subscription { try await store.deletePushSubscription(id: subscription.id, now: now) }
                    try await store.finishAlerts([alert.id], error: "subscription gone", now: now)
                case .retry(let why):
                    Counter(label: "wildcat_alert_failures_total", dimensions: channel + [("reason", "retry")]).increment()
                    if let delay = RetrySchedule.delay(afterAttempt: alert.attempt) {
                        try await store.retryAlert(alert.id, at: now.addingTimeInterval(TimeInterval(delay)), error: why)
                    } else {
                        Counter(label: "wildcat_alerts_dropped_total", dimensions: channel).increment()
                        logger.warning("alert dropped after its last attempt", metadata: ["channel": "\(alert.channel)", "error": "\(why)"])
                        try await store.finishAlerts([alert.id], error: why, now: now)
                    }
                case .failed(let why):
                    Counter(label: "wildcat_alert_failures_total", dimensions: channel + [("reason", "refused")]).increment()
                    Counter(label: "wildcat_alerts_dropped_total", dimensions: channel).increment()
                    logger.warning("alert refused", metadata: ["channel": "\(alert.channel)", "error": "\(why)"])
                    try await store.finishAlerts([alert.id], error: why, now: now)
                }
            } catch {
                // The lease runs out and the row is taken again: late, never lost.
                logger.error("recording an alert's outcome failed", metadata: ["error": "\(error)"])
            }
        }
        do { try await store.finishAlerts(sent, now: now) } catch {
            logger.error("recording sent alerts failed", metadata: ["error": "\(error)"])
        }
    }
}
