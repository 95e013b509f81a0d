import Foundation
import Metrics
import WildcatDomain
import WildcatStore

/// Getting in and managing oneself: sign-up by invite, sign-in, sessions, account deletion.
/// Shared by the pages and the API, so both apply the same validation, limits and rules.
struct AccountsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// Creates an account through an invite and signs it in on this device (which becomes one of
    /// its known devices).
    func signUp(_ request: SignUpRequest, device: String, clientAddress: String) async throws -> (Account, SignedInDevice, ID<Assembly>?) {
        try await environment.guesses.check("signup:\(clientAddress)", environment.configuration.rateLimits.signupPerAddress, now: now)
        guard let inviteToken = request.inviteToken else { throw InputError(field: "inviteToken", "Give the invite token from your link.") }
        let pseudonym = try DistinctPseudonym(try Pseudonym(request.pseudonym), spoofing: environment.spoofing)
        let passphrase = try Passphrase(request.passphrase)
        let tokenHash = try await usableInviteHash(inviteToken, clientAddress: clientAddress)
        // Cheap checks first: bcrypt is deliberately slow.
        if try await store.pseudonymTaken(pseudonym) { throw Refusal.pseudonymTaken }
        let hash = try await environment.hasher.hash(passphrase)
        let (account, assembly) = try await store.createAccount(inviteTokenHash: tokenHash, pseudonym: pseudonym, passphraseHash: hash, now: now)
        Counter(label: "wildcat_accounts_created_total").increment()
        return (account, try await startSession(account, device: device, known: nil), assembly)
    }

    /// An existing account joins the invite's assembly.
    func join(inviteToken: String, account: Account, clientAddress: String) async throws -> ID<Assembly> {
        let tokenHash = try await usableInviteHash(inviteToken, clientAddress: clientAddress)
        return try await store.join(inviteTokenHash: tokenHash, accountID: account.id, now: now)
    }

    /// Looks up an invite by its token and refuses one that cannot be used. An address that has
    /// asked for too many tokens that do not exist is refused every lookup for a while, found or
    /// not, so that guessing learns nothing from it.
    func invite(_ token: String, clientAddress: String) async throws -> InviteLookup {
        let key = "invite-miss:\(clientAddress)", limit = environment.configuration.rateLimits.inviteMissesPerAddress
        try await environment.guesses.refuseIfOver(key, limit, now: now)
        guard SecretToken.looksValid(token), let lookup = try await store.lookupInvite(tokenHash: SecretToken.hash(token)) else {
            try await environment.guesses.check(key, limit, now: now)
            throw Refusal.inviteNotFound
        }
        let status = lookup.invite.status(now: now)
        guard status == .usable else { throw Refusal.inviteNotUsable(status) }
        return lookup
    }

    private func usableInviteHash(_ token: String, clientAddress: String) async throws -> String {
        _ = try await invite(token, clientAddress: clientAddress)
        return SecretToken.hash(token)
    }

    /// Checks a pseudonym and passphrase. Limits never lock the member out (`LoginThrottle`):
    /// attempts from one address, and on one pseudonym from one address, are refused beyond a
    /// rate; failures on a pseudonym slow further attempts from unknown devices; a device that
    /// signed in as this member before is not slowed.
    func logIn(_ request: LogInRequest, device: String, clientAddress: String) async throws -> (Account, SignedInDevice) {
        let limits = environment.configuration.rateLimits
        let key = Pseudonym.fold(request.pseudonym)
        let throttle = environment.throttle
        guard !key.isEmpty, request.passphrase.count <= Limits.passphraseLength.upperBound else { throw Refusal.wrongCredentials }
        let found = try await store.credentials(pseudonymKey: key)
        let deviceHash = request.deviceToken.flatMap { SecretToken.looksValid($0) ? SecretToken.hash($0) : nil }
        let knownDevice = if let found, let deviceHash { try await store.isKnownDevice(deviceHash, of: found.0.id) } else { false }
        if knownDevice, let deviceHash {
            try await environment.guesses.check("login-device:\(deviceHash)", limits.loginPerPseudonym, now: now)
        } else {
            try await environment.guesses.check("login-ip:\(clientAddress)", limits.loginPerAddress, now: now)
            try await environment.guesses.check("login-name:\(key)|\(clientAddress)", limits.loginPerPseudonym, now: now)
            let pause = throttle.pause(for: key, now: now)
            if pause > 0 { await environment.clock.sleep(for: .milliseconds(Int(pause * 1000))) }
        }
        guard let (account, hash) = found else {
            try await environment.hasher.verifyAgainstNothing(request.passphrase)
            throttle.failed(key, now: now)
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        guard try await environment.hasher.verify(request.passphrase, hash: hash) else {
            throttle.failed(key, now: now)
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        throttle.succeeded(key)
        Counter(label: "wildcat_logins_total", dimensions: [("outcome", "ok")]).increment()
        return (account, try await startSession(account, device: device, known: knownDevice ? request.deviceToken : nil))
    }

    /// A new session; the device keeps (or gets) a known-device token for this account.
    func startSession(_ account: Account, device: String, known deviceToken: String?) async throws -> SignedInDevice {
        let token = SecretToken.generate()
        let now = self.now
        let configuration = environment.configuration
        let expires = now.addingTimeInterval(min(configuration.sessionIdleTimeout, configuration.sessionAbsoluteTimeout))
        _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: device, now: now, expiresAt: expires)
        let deviceToken = deviceToken.map(SecretToken.init(value:)) ?? SecretToken.generate()
        try await store.rememberDevice(deviceToken.hash, of: account.id, now: now)
        return SignedInDevice(session: token, device: deviceToken)
    }

    /// Replaces the passphrase after checking the current one; other devices are signed out
    /// (their live pages close) unless the member keeps them.
    func changePassphrase(_ request: PassphraseChangeRequest, for signedIn: SignedIn) async throws {
        let account = signedIn.account
        try await environment.guesses.check("login-name:\(Pseudonym.fold(account.pseudonym))|change", environment.configuration.rateLimits.loginPerPseudonym, now: now)
        let new = try Passphrase(request.new, field: "new")
        guard let hash = try await store.passphraseHash(accountID: account.id),
              try await environment.hasher.verify(request.current, hash: hash)
        else { throw Refusal.wrongCredentials }
        try await store.changePassphrase(account.id, to: try await environment.hasher.hash(new), keeping: signedIn.session.id,
                                         signOutOthers: !request.keepOtherDevices, now: now)
        if !request.keepOtherDevices { environment.cache.forget(account: account.id) }
    }

    /// Deletes the account after re-checking its passphrase. Proposals in its assemblies that
    /// everyone left has now voted on close.
    func deleteAccount(_ account: Account, passphrase: String) async throws {
        try await environment.guesses.check("login-name:\(Pseudonym.fold(account.pseudonym))|delete", environment.configuration.rateLimits.loginPerPseudonym, now: now)
        guard let hash = try await store.passphraseHash(accountID: account.id),
              try await environment.hasher.verify(passphrase, hash: hash)
        else { throw Refusal.wrongCredentials }
        let assemblies = try await store.deleteAccount(account.id, now: now)
        environment.cache.forget(account: account.id)
        for assembly in assemblies { try await ProposalsService(environment: environment).closeEveryoneVoted(in: assembly) }
    }

    /// Ends one of the account's sessions, here and (within the cache's lifetime) everywhere.
    func endSession(_ id: ID<Session>, of account: Account) async throws -> Bool {
        let ended = try await store.revokeSession(id, accountID: account.id, now: now)
        environment.cache.forget(session: id)
        return ended
    }

    func sessions(of account: Account) async throws -> [Session] {
        try await store.sessions(accountID: account.id, now: now)
    }
}

/// A signed-in device's two secrets: its session, and its known-device token (kept longer, so a
/// later sign-in from it is recognised).
struct SignedInDevice: Sendable {
    let session: SecretToken
    let device: SecretToken
}
