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

    /// Creates an account through an invite and signs it in on this device.
    func signUp(_ request: SignUpRequest, device: String, clientAddress: String) async throws -> (Account, SecretToken, ID<Assembly>?) {
        try environment.limiter.check("signup:\(clientAddress)", environment.configuration.rateLimits.signupPerAddress, now: now)
        guard let inviteToken = request.inviteToken else { throw InputError(field: "inviteToken", "Give the invite token from your link.") }
        let pseudonym = try Pseudonym(request.pseudonym)
        let passphrase = try Passphrase(request.passphrase)
        let tokenHash = try await usableInviteHash(inviteToken)
        // Cheap checks first: bcrypt is deliberately slow.
        if try await store.pseudonymExists(pseudonym) { throw Refusal.pseudonymTaken }
        let hash = try await environment.hasher.hash(passphrase)
        let (account, assembly) = try await store.createAccount(inviteTokenHash: tokenHash, pseudonym: pseudonym, passphraseHash: hash, now: now)
        Counter(label: "wildcat_accounts_created_total").increment()
        let token = try await startSession(account, device: device)
        return (account, token, assembly)
    }

    /// An existing account joins the invite's assembly.
    func join(inviteToken: String, account: Account) async throws -> ID<Assembly> {
        let tokenHash = try await usableInviteHash(inviteToken)
        return try await store.join(inviteTokenHash: tokenHash, accountID: account.id, now: now)
    }

    /// Looks up an invite by its token and refuses one that cannot be used.
    func invite(_ token: String) async throws -> InviteLookup {
        guard SecretToken.looksValid(token), let lookup = try await store.lookupInvite(tokenHash: SecretToken.hash(token)) else {
            throw Refusal.inviteNotFound
        }
        let status = lookup.invite.status(now: now)
        guard status == .usable else { throw Refusal.inviteNotUsable(status) }
        return lookup
    }

    private func usableInviteHash(_ token: String) async throws -> String {
        _ = try await invite(token)
        return SecretToken.hash(token)
    }

    /// Checks a pseudonym and passphrase, rate-limited per pseudonym and per address.
    func logIn(_ request: LogInRequest, device: String, clientAddress: String) async throws -> (Account, SecretToken) {
        let limits = environment.configuration.rateLimits
        let key = Pseudonym.fold(request.pseudonym)
        try environment.limiter.check("login-ip:\(clientAddress)", limits.loginPerAddress, now: now)
        try environment.limiter.check("login-name:\(key)", limits.loginPerPseudonym, now: now)
        guard !key.isEmpty, request.passphrase.count <= Limits.passphraseLength.upperBound else { throw Refusal.wrongCredentials }
        guard let (account, hash) = try await store.credentials(pseudonymKey: key) else {
            try await environment.hasher.verifyAgainstNothing(request.passphrase)
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        guard try await environment.hasher.verify(request.passphrase, hash: hash) else {
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        Counter(label: "wildcat_logins_total", dimensions: [("outcome", "ok")]).increment()
        return (account, try await startSession(account, device: device))
    }

    func startSession(_ account: Account, device: String) async throws -> SecretToken {
        let token = SecretToken.generate()
        let now = self.now
        let configuration = environment.configuration
        let expires = now.addingTimeInterval(min(configuration.sessionIdleTimeout, configuration.sessionAbsoluteTimeout))
        _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: device, now: now, expiresAt: expires)
        return token
    }

    /// Deletes the account after re-checking its passphrase. Proposals in its assemblies that
    /// everyone left has now voted on close.
    func deleteAccount(_ account: Account, passphrase: String) async throws {
        try environment.limiter.check("login-name:\(Pseudonym.fold(account.pseudonym))", environment.configuration.rateLimits.loginPerPseudonym, now: now)
        guard let hash = try await store.passphraseHash(accountID: account.id),
              try await environment.hasher.verify(passphrase, hash: hash)
        else { throw Refusal.wrongCredentials }
        let assemblies = try await store.deleteAccount(account.id, now: now)
        environment.cache.forget(account: account.id)
        for assembly in assemblies { try await ProposalsService(environment: environment).closeEveryoneVoted(in: assembly) }
    }

    /// Ends one of the account's sessions, here and (within the cache's lifetime) everywhere.
    func endSession(_ id: ID<Session>, of account: Account) async throws -> Bool {
        let ended = try await store.revokeSession(id, accountID: account.id)
        environment.cache.forget(session: id)
        return ended
    }

    func sessions(of account: Account) async throws -> [Session] {
        try await store.sessions(accountID: account.id, now: now)
    }
}
