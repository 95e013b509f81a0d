import Foundation
import Hummingbird
import Logging
import Metrics
import WildcatDomain
import WildcatStore

/// What the web layer needs, built once by `buildApplication`.
struct WebEnvironment: Sendable {
    let store: Store
    let pages: Pages
    let configuration: WebConfiguration
    let hasher: PassphraseHasher
    let limiter: RateLimiter
    let csrf: CSRF
    let live: LiveHub
    let cache: AccessCache
}

/// The account and assembly operations shared by the HTML pages and the JSON API, so both
/// apply the same validation, limits and rules. Handlers decode, call one of these, and encode.
struct Actions: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }

    /// Creates an account through an invite and signs it in on this device.
    func signUp(inviteToken: String, pseudonym rawPseudonym: String, passphrase rawPassphrase: String,
                device: String, clientAddress: String) async throws -> (Account, SecretToken, ID<Assembly>?) {
        try environment.limiter.check("signup:\(clientAddress)", environment.configuration.rateLimits.signupPerAddress)
        let pseudonym = try Pseudonym(rawPseudonym)
        let passphrase = try Passphrase(rawPassphrase)
        let tokenHash = try await usableInviteHash(inviteToken)
        // Cheap checks first: bcrypt is deliberately slow.
        if try await store.pseudonymExists(pseudonym) { throw Refusal.pseudonymTaken }
        let hash = try await environment.hasher.hash(passphrase)
        let (account, assembly) = try await store.createAccount(inviteTokenHash: tokenHash, pseudonym: pseudonym, passphraseHash: hash, now: Date())
        environment.live.committed()
        Counter(label: "wildcat_accounts_created_total").increment()
        let token = try await startSession(account, device: device)
        return (account, token, assembly)
    }

    /// An existing account joins the invite's assembly.
    func join(inviteToken: String, account: Account) async throws -> ID<Assembly> {
        let tokenHash = try await usableInviteHash(inviteToken)
        let assembly = try await store.join(inviteTokenHash: tokenHash, accountID: account.id, now: Date())
        environment.live.committed()
        return assembly
    }

    /// Looks up an invite by its token and refuses one that cannot be used.
    func invite(_ token: String) async throws -> InviteLookup {
        guard SecretToken.looksValid(token), let lookup = try await store.lookupInvite(tokenHash: SecretToken.hash(token)) else {
            throw Refusal.inviteNotFound
        }
        let status = lookup.invite.status(now: Date())
        guard status == .usable else { throw Refusal.inviteNotUsable(status) }
        return lookup
    }

    private func usableInviteHash(_ token: String) async throws -> String {
        _ = try await invite(token)
        return SecretToken.hash(token)
    }

    /// Checks a pseudonym and passphrase, rate-limited per pseudonym and per address.
    func logIn(pseudonym: String, passphrase: String, device: String, clientAddress: String) async throws -> (Account, SecretToken) {
        let limits = environment.configuration.rateLimits
        let key = Pseudonym.fold(pseudonym)
        try environment.limiter.check("login-ip:\(clientAddress)", limits.loginPerAddress)
        try environment.limiter.check("login-name:\(key)", limits.loginPerPseudonym)
        guard !key.isEmpty, passphrase.count <= Limits.passphraseLength.upperBound else { throw Refusal.wrongCredentials }
        guard let (account, hash) = try await store.credentials(pseudonymKey: key) else {
            try await environment.hasher.verifyAgainstNothing(passphrase)
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        guard try await environment.hasher.verify(passphrase, hash: hash) else {
            Counter(label: "wildcat_logins_total", dimensions: [("outcome", "failed")]).increment()
            throw Refusal.wrongCredentials
        }
        Counter(label: "wildcat_logins_total", dimensions: [("outcome", "ok")]).increment()
        return (account, try await startSession(account, device: device))
    }

    func startSession(_ account: Account, device: String) async throws -> SecretToken {
        let token = SecretToken.generate()
        let now = Date()
        let expires = now.addingTimeInterval(min(environment.configuration.sessionIdleTimeout, environment.configuration.sessionAbsoluteTimeout))
        _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: device, now: now, expiresAt: expires)
        return token
    }

    /// Deletes the account after re-checking its passphrase.
    func deleteAccount(_ account: Account, passphrase: String, clientAddress: String) async throws {
        try environment.limiter.check("login-name:\(Pseudonym.fold(account.pseudonym))", environment.configuration.rateLimits.loginPerPseudonym)
        guard let hash = try await store.passphraseHash(accountID: account.id),
              try await environment.hasher.verify(passphrase, hash: hash)
        else { throw Refusal.wrongCredentials }
        try await store.deleteAccount(account.id, now: Date())
        environment.cache.forget(account: account.id)
        environment.live.committed()
    }

    /// Ends one of the account's sessions, here and (within the cache's lifetime) everywhere.
    func endSession(_ id: ID<Session>, of account: Account) async throws -> Bool {
        let ended = try await store.revokeSession(id, accountID: account.id)
        environment.cache.forget(session: id)
        return ended
    }

    func leave(_ assembly: Assembly, account: Account) async throws {
        try await store.leave(assembly.id, accountID: account.id, now: Date())
        environment.cache.forget(member: account.id, of: assembly.id)
        environment.live.committed()
    }

    // MARK: Proposals

    func propose(_ draft: ProposalDraft, in assembly: Assembly, by account: Account) async throws -> (Proposal, SecretToken?) {
        let made = try await store.createProposal(in: assembly, by: account, draft: draft, now: Date())
        environment.live.committed()
        return made
    }

    /// Casts or replaces a ballot; the last member's vote closes the proposal at once. Returns
    /// how many have voted and whether this vote closed it.
    @discardableResult
    func vote(_ ballot: Ballot, on id: ID<Proposal>, draft: ProposalDraft, in assembly: Assembly, by account: Account) async throws -> (Int, Bool) {
        do {
            try Tally.validate(ballot, for: draft.election(ballots: []))
        } catch {
            throw Refusal.invalidBallot(error.message)
        }
        let now = Date()
        let ballots = try await store.castBallot(ballot, on: id, in: assembly.id, by: account.id, now: now)
        // Counting the members costs a scan: use the count looked up a moment ago, and count
        // again only when the ballots could be everyone's. (The closer also sweeps for proposals
        // everyone has voted on.)
        var members: Int
        if let known = environment.cache.memberCount(of: assembly.id, now: now) {
            members = known
        } else {
            members = try await store.memberCount(of: assembly.id)
            environment.cache.remember(memberCount: members, of: assembly.id, now: now)
        }
        if ballots >= members { members = try await store.memberCount(of: assembly.id) }
        if Closing.isDue(closesAt: draft.closesAt, now: Date(), ballots: ballots, members: members) {
            try await closeProposal(id, in: assembly.id)
            return (ballots, true)
        }
        return (ballots, false)
    }

    func closeProposal(_ id: ID<Proposal>, in assembly: ID<Assembly>) async throws {
        if try await store.closeProposal(id, in: assembly, now: Date()) != nil {
            environment.cache.forget(assembly: assembly)
            environment.live.committed()
        }
    }

    // MARK: Chat

    func createChannel(in assembly: Assembly, name rawName: String) async throws -> Channel {
        let channel = try await store.createChannel(in: assembly.id, name: try ChannelName(rawName), now: Date())
        environment.live.committed()
        return channel
    }

    /// Posts a message or a reply, at most `messagesPerMember` per window for each member.
    func post(in assembly: Assembly, channel: ID<Channel>, by account: Account, body: String, threadRoot: Int64?) async throws -> Message {
        // Refused text does not count against the limit: fixing a typo is not a flood.
        let text = try MessageText(body)
        try environment.limiter.check("message:\(account.id)", environment.configuration.rateLimits.messagesPerMember)
        let message = try await store.postMessage(channelID: channel, assemblyID: assembly.id, author: account, text: text,
                                                  threadRootID: threadRoot, now: Date())
        Counter(label: "wildcat_messages_posted_total").increment()
        environment.live.committed()
        return message
    }

    func edit(_ id: Int64, in assembly: Assembly, by account: Account, body: String) async throws -> Message {
        let message = try await store.editMessage(id, in: assembly.id, by: account.id, text: try MessageText(body), now: Date())
        environment.live.committed()
        return message
    }

    func delete(_ id: Int64, in assembly: Assembly, by account: Account) async throws {
        try await store.deleteMessage(id, in: assembly.id, by: account.id, now: Date())
        environment.live.committed()
    }

    func deleteEverythingWritten(by account: Account) async throws -> Int {
        let count = try await store.deleteAllMessages(by: account.id, now: Date())
        environment.live.committed()
        return count
    }

    func foundAssembly(name rawName: String, founder: Account) async throws -> Assembly {
        let name = try AssemblyName(rawName)
        return try await store.createAssembly(name: name, founder: founder.id, rules: .defaults, now: Date())
    }

    /// Makes an invite link if the assembly's rules let members do so directly.
    func createInvite(in assembly: Assembly, by actor: Actor, maxUses: Int?, expiresInHours: Int?) async throws -> (Invite, link: String) {
        guard Permissions.mayInvite(rules: assembly.rules) else {
            throw Refusal.notPermitted("This assembly's rules say invites are made only by a decision of the assembly.")
        }
        let now = Date()
        let terms = try InviteTerms(maxUses: maxUses, expiresInHours: expiresInHours, rules: assembly.rules, now: now)
        let (invite, token) = try await store.createInvite(assemblyID: assembly.id, by: actor, terms: terms, now: now)
        return (invite, environment.configuration.joinLink(token: token.value))
    }
}

/// A coarse, human label for a device from its User-Agent ("Firefox on Android"); the full
/// User-Agent is not kept.
enum DeviceLabel {
    static func from(_ userAgent: String?) -> String {
        guard let ua = userAgent, !ua.isEmpty else { return "Unknown device" }
        let browsers = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl")]
        let systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        let browser = browsers.first { ua.contains($0.0) }?.1 ?? "Browser"
        guard let system = systems.first(where: { ua.contains($0.0) })?.1 else { return browser }
        return "\(browser) on \(system)"
    }
}
