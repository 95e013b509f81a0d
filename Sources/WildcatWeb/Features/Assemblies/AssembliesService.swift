import Foundation
import WildcatDomain
import WildcatStore

/// Founding assemblies, their members, invites, rules and audit log, and leaving. Shared by the
/// pages and the API.
struct AssembliesService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    func found(_ request: FoundAssemblyRequest, by founder: Account) async throws -> Assembly {
        try await store.createAssembly(name: try AssemblyName(request.name), founder: founder.id, rules: .defaults, now: now)
    }

    func assemblies(of account: Account) async throws -> [(assembly: Assembly, members: Int)] {
        try await store.assemblies(of: account.id)
    }

    /// Open proposals the member has not voted on, soonest closing first: in one assembly, or
    /// in all of theirs.
    func awaitingVote(of account: Account, in assembly: Assembly?) async throws -> [Proposal] {
        try await store.proposalsAwaitingVote(of: account.id, in: assembly?.id, limit: 20)
    }

    /// Unread messages per assembly (each channel's count stops at 100).
    func unreadCounts(of account: Account) async throws -> [ID<Assembly>: Int] {
        try await store.unreadCounts(of: account.id)
    }

    func members(of assembly: Assembly) async throws -> [Member] {
        try await store.members(of: assembly.id)
    }

    /// An assembly the account is a member of (a committee's assembly, from the committee's pages).
    func find(_ id: ID<Assembly>, for account: Account) async throws -> Assembly {
        guard let (assembly, access) = try await store.access(to: id, for: account.id), access == .member else { throw Refusal.notFound }
        return assembly
    }

    /// The newest entries, or those before one of this log's.
    func auditLog(of assembly: Assembly, before: ID<AuditEntry>? = nil, limit: Int) async throws -> [AuditEntry] {
        guard let entries = try await store.auditLog(of: assembly.id, before: before, limit: limit) else { throw Refusal.notFound }
        return entries
    }

    func openInvites(of assembly: Assembly) async throws -> [Invite] {
        try await store.openInvites(of: assembly.id, now: now)
    }

    /// Makes an invite link if the assembly's rules let members do so directly.
    func createInvite(in assembly: Assembly, by actor: Actor, _ request: InviteRequest) async throws -> (Invite, link: String) {
        guard assembly.kind == .assembly else { throw Refusal.notPermitted(.seatsOnlyByElection) }
        guard Permissions.mayInvite(rules: assembly.rules, kind: assembly.kind) else { throw Refusal.notPermitted(.invitesOnlyByDecision) }
        let now = self.now
        // A number given is checked even when `unlimited` overrides it: a request means what it says.
        if let given = request.maxUses { _ = try InviteTerms(maxUses: given, expiresInHours: request.expiresInHours, rules: assembly.rules, now: now) }
        let terms = try InviteTerms(maxUses: request.resolvedMaxUses, expiresInHours: request.expiresInHours, rules: assembly.rules, now: now)
        let (invite, token) = try await store.createInvite(assemblyID: assembly.id, by: actor, terms: terms, now: now)
        return (invite, environment.configuration.joinLink(token: token.value))
    }

    /// Any member may withdraw any open invite: stopping an admission never needs more authority
    /// than granting one, and it is logged.
    func revokeInvite(_ id: ID<Invite>, in assembly: Assembly, by actor: Actor) async throws {
        try await store.revokeInvite(id, assemblyID: assembly.id, by: actor, now: now)
    }

    /// The member leaves; proposals everyone left has now voted on close.
    func leave(_ assembly: Assembly, account: Account) async throws {
        try await store.leave(assembly.id, accountID: account.id, now: now)
        environment.cache.forget(memberships: account.id)
        try await ProposalsService(environment: environment).closeEveryoneVoted(in: assembly.id)
    }
}
