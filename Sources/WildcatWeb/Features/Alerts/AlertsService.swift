import Foundation
import Logging
import WildcatDomain
import WildcatStore

/// A member's alert settings: push subscriptions, an optional e-mail address, per-assembly
/// levels, quiet hours and digests; and the links in e-mail that confirm or stop it.
struct AlertsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }
    var channels: AlertChannels { environment.alerts }

    /// Checks a browser's subscription before keeping it: an https endpoint at a known push
    /// service, a P-256 key, a 16-byte auth secret (RFC 8291).
    func subscribe(_ account: Account, endpoint: String, p256dh: String, auth: String) async throws -> String {
        guard endpoint.utf8.count <= 2000, let url = URL(string: endpoint), url.scheme == "https", let host = url.host, !host.isEmpty else {
            throw InputError(field: "endpoint", "A push endpoint is an https address.")
        }
        guard environment.configuration.alerts.pushHosts.allows(url) else {
            throw InputError(field: "endpoint", "This server pushes only to the browsers' push services; \(host.prefix(100)) is not one of them.")
        }
        guard let key = Base64URL.decode(p256dh), key.count == 65, (try? WebPushEncryption.checkKey(key)) != nil else {
            throw InputError(field: "keys.p256dh", "The subscription's key is not a P-256 public key.")
        }
        guard let secret = Base64URL.decode(auth), secret.count == 16 else {
            throw InputError(field: "keys.auth", "The subscription's auth secret is not 16 bytes.")
        }
        // A member keeps a few devices, not thousands.
        let existing = try await store.pushSubscriptions(of: account.id)
        guard existing.count < 20 || existing.contains(where: { $0.endpoint == endpoint }) else {
            throw InputError(field: "endpoint", "At most 20 devices get push alerts: remove one first.")
        }
        return try await store.savePushSubscription(for: account.id, endpoint: endpoint, p256dh: p256dh, auth: auth, now: now)
    }

    /// Forgets the account's subscriptions named (all, when none is); returns how many.
    @discardableResult
    func unsubscribe(_ account: Account, id: String? = nil, endpoint: String? = nil) async throws -> Int {
        var forgotten = 0
        for subscription in try await store.pushSubscriptions(of: account.id)
        where (id == nil && endpoint == nil) || subscription.id == id || subscription.endpoint == endpoint {
            try await store.deletePushSubscription(id: subscription.id, of: account.id, now: now)
            forgotten += 1
        }
        return forgotten
    }

    func settings(of account: Account) async throws -> StoredAlertSettings { try await store.alertSettings(of: account.id) }

    func save(_ settings: AlertSettings, levels: [(ID<Assembly>, AlertChannel, AlertLevel)], for account: Account) async throws {
        try await store.saveAlertSettings(settings, levels: levels, for: account.id, now: now)
    }

    /// The member's address, in clear, for their own settings page.
    func address(_ stored: StoredAlertSettings) -> String? { stored.sealedEmail.flatMap { channels.mail?.sealer.open($0) } }

    /// Keeps a new address (sealed) and sends the link that confirms it. Nothing is sent to it
    /// until its owner opens that link.
    func setEmail(_ raw: String, for account: Account) async throws -> Bool {
        guard let mail = channels.mail else { throw InputError(field: "email", "This server sends no e-mail.") }
        let address = raw.trimmingCharacters(in: .whitespaces)
        guard EmailAddress.isPlausible(address) else { throw InputError(field: "email", "That is not an e-mail address.") }
        let sealed = try mail.sealer.seal(address)
        try await store.saveEmail(sealed: sealed, for: account.id, now: now)
        return await sendConfirmation(to: address, sealed: sealed, for: account.id, mail: mail)
    }

    func resendConfirmation(for account: Account) async throws -> Bool {
        guard let mail = channels.mail else { return false }
        let stored = try await store.alertSettings(of: account.id)
        guard let sealed = stored.sealedEmail, let address = mail.sealer.open(sealed) else { return false }
        return await sendConfirmation(to: address, sealed: sealed, for: account.id, mail: mail)
    }

    private func sendConfirmation(to address: String, sealed: String, for account: ID<Account>, mail: MailDelivery) async -> Bool {
        let link = mail.publicURL + Paths.confirmEmail(account, token: mail.tokens.confirm(account, sealed: sealed))
        let message = ConfirmationMail(from: mail.client.relay.from, to: address, link: link, now: now).rendered()
        let results = await mail.client.send([SMTPClient.Outgoing(recipient: address, data: message)])
        if case .failure(let failure) = results.first {
            environment.live.logger.warning("confirmation e-mail not sent", metadata: ["error": "\(failure)"])
            return false
        }
        return true
    }

    func removeEmail(for account: ID<Account>) async throws {
        try await store.saveEmail(sealed: nil, for: account, now: now)
    }

    /// Confirms the address the link was made for; false if the link is stale or forged.
    func confirm(_ account: ID<Account>, token: String) async throws -> Bool {
        guard let mail = channels.mail, let stored = try? await store.alertSettings(of: account), let sealed = stored.sealedEmail,
              AlertTokens.matches(token, mail.tokens.confirm(account, sealed: sealed)) else { return false }
        return try await store.confirmEmail(sealed: sealed, for: account, now: now)
    }

    func unsubscribeLinkIsValid(_ account: ID<Account>, token: String) -> Bool {
        AlertTokens.matches(token, AlertTokens(keys: environment.keys).unsubscribe(account))
    }

    /// Stops all e-mail: the address is deleted.
    func unsubscribe(_ account: ID<Account>, token: String) async throws -> Bool {
        guard unsubscribeLinkIsValid(account, token: token) else { return false }
        try await store.saveEmail(sealed: nil, for: account, now: now)
        return true
    }
}

/// A light check: something@something.something, no spaces or angle brackets (which would break
/// the SMTP command), at most 254 bytes. The relay is the real judge.
enum EmailAddress {
    static func isPlausible(_ text: String) -> Bool {
        guard text.utf8.count <= 254, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0 != "<" && $0 != ">" && $0 != "," && $0.value != 0x7F }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return true
    }
}
