import Foundation
import WildcatDomain
import WildcatStore

/// Secret ballots (docs/secret-ballots.md): a member takes one blind-signed token, then casts
/// anonymously; after close, the board. Shared by the pages' script routes and the casting route.
struct SecretBallotService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// The proposal's public key (made on first use) while it is open, or after.
    func key(for proposal: Proposal) async throws -> (BallotPublicKey, BallotKey?) {
        if let cached = environment.ballotKeys.get(proposal.id), proposal.isOpen == (cached.1 != nil) { return cached }
        let key = try await store.ballotKey(for: proposal.id, make: { try BallotKey.generate() })
        environment.ballotKeys.set(proposal.id, key)
        return key
    }

    func proposal(_ id: ID<Proposal>, in assembly: Assembly) async throws -> Proposal {
        guard let proposal = try await store.proposal(id, in: assembly.id), proposal.draft.secret else { throw Refusal.notFound }
        return proposal
    }

    /// Signs the member's blinded token, once. The signature is made before the record and
    /// handed back only if the record is new: a malformed request costs the member nothing.
    func issue(blinded: Data, on proposal: Proposal, in assembly: Assembly, to member: Account) async throws -> Data {
        guard proposal.isOpen else { throw Refusal.votingClosed }
        if try await store.hasToken(proposal.id, member: member.id) { throw Refusal.tokenAlreadyTaken }
        guard let signer = try await key(for: proposal).1 else { throw Refusal.votingClosed }
        let signature = try signer.blindSign(blinded)
        try await store.recordToken(proposal.id, in: assembly.id, member: member.id, now: now)
        return signature
    }

    /// Stores an anonymous ballot: its token signed by the proposal's key, its ballot one the
    /// proposal accepts. Returns the board entry it became (the receipt).
    func cast(on id: ID<Proposal>, token: Data, signature: Data, ballot: Ballot) async throws -> BoardEntry {
        guard let proposal = try await store.secretProposal(id) else { throw Refusal.notFound }
        guard proposal.isOpen else { throw Refusal.votingClosed }
        let (publicKey, _) = try await key(for: proposal)
        guard publicKey.isValid(token: token, signature: signature) else { throw Refusal.tokenNotSigned }
        do { try Tally.validate(ballot, for: proposal.draft.election(ballots: [])) } catch { throw Refusal.invalidBallot(error.message) }
        return try await store.castSecret(proposal.id, token: token, signature: signature, ballot: ballot, now: now)
    }
}
