import Foundation
import Hummingbird
import NIOPosix
import WildcatDomain
import WildcatStore

/// Secret ballots (docs/secret-ballots.md): a member takes one blind-signed token, then casts
/// anonymously; after close, the board. Shared by the pages' script routes and the casting route.
struct SecretBallotService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// The proposal's public key, with the private half while it is open. nil for a proposal
    /// opened before secret ballots were unlinkable whose ballots were cast with accounts.
    func key(for proposal: Proposal) async throws -> (BallotPublicKey, BallotKey?)? {
        if let cached = environment.ballotKeys.get(proposal.id), proposal.isOpen == (cached.1 != nil) { return cached }
        guard let key = try await store.ballotKey(for: proposal.id, make: Self.makeKey) else { return nil }
        environment.ballotKeys.set(proposal.id, key)
        return key
    }

    /// The key a secret proposal opens with: a few dozen milliseconds of prime search, off the event loop.
    @Sendable static func makeKey() async throws -> BallotKey {
        try await NIOThreadPool.singleton.runIfActive { try BallotKey.generate() }
    }

    /// The key, for the routes that need one: a proposal without one takes ballots the old way.
    func requireKey(for proposal: Proposal) async throws -> (BallotPublicKey, BallotKey?) {
        guard let key = try await key(for: proposal) else {
            throw Refusal.invalidBallot("This vote opened before secret ballots were cast with tokens, and has ballots cast with accounts: vote on its page as before.")
        }
        return key
    }

    func proposal(_ id: ID<Proposal>, in assembly: Assembly) async throws -> Proposal {
        guard let proposal = try await store.proposal(id, in: assembly.id), proposal.draft.secret else { throw Refusal.notFound }
        return proposal
    }

    struct KeyJSON: ResponseEncodable {
        let proposal: String
        /// base64 of the public key's DER.
        let key: String
        let fingerprint: String
        let open: Bool
        let tokenTaken: Bool
    }

    func keyInfo(_ proposal: Proposal, for member: Account) async throws -> KeyJSON {
        let (key, _) = try await requireKey(for: proposal)
        let taken = try await store.hasToken(proposal.id, member: member.id)
        return KeyJSON(proposal: proposal.id.rawValue, key: key.der.base64EncodedString(), fingerprint: key.fingerprint, open: proposal.isOpen,
                       tokenTaken: taken)
    }

    struct TokenRequest: Decodable { let blinded: String }
    struct TokenJSON: ResponseEncodable { let blindSignature: String }

    func issue(_ request: TokenRequest, on proposal: Proposal, in assembly: Assembly, to member: Account) async throws -> TokenJSON {
        guard let blinded = Data(base64URL: request.blinded) else { throw InputError(field: "blinded", "The blinded token is not base64url.") }
        return TokenJSON(blindSignature: try await issue(blinded: blinded, on: proposal, in: assembly, to: member).base64URL)
    }

    /// The board, once the proposal closed, naming the key that signed its receipts.
    func board(of proposal: Proposal) async throws -> BoardJSON {
        guard var board = try await store.board(proposal) else { throw Refusal.notFound }
        board.receiptKey = try ReceiptKeyRoute.publicKey(environment.keys)
        return BoardJSON(board: board)
    }

    struct BoardJSON: ResponseEncodable {
        let board: Board
        func encode(to encoder: any Encoder) throws { try board.encode(to: encoder) }
    }

    /// Signs the member's blinded token, once. The signature is made before the record and
    /// handed back only if the record is new: a malformed request costs the member nothing.
    func issue(blinded: Data, on proposal: Proposal, in assembly: Assembly, to member: Account) async throws -> Data {
        guard proposal.isOpen else { throw Refusal.votingClosed }
        if try await store.hasToken(proposal.id, member: member.id) { throw Refusal.tokenAlreadyTaken }
        guard let signer = try await requireKey(for: proposal).1 else { throw Refusal.votingClosed }
        let signature = try signer.blindSign(blinded)
        try await store.recordToken(proposal.id, in: assembly.id, member: member.id, now: now)
        return signature
    }

    /// Stores an anonymous ballot: its token signed by the proposal's key, its ballot one the
    /// proposal accepts. Returns the board entry it became (the receipt).
    func cast(on id: ID<Proposal>, token: Data, signature: Data, ballot: Ballot) async throws -> BoardEntry {
        guard let proposal = try await store.secretProposal(id) else { throw Refusal.notFound }
        guard proposal.isOpen else { throw Refusal.votingClosed }
        let (publicKey, _) = try await requireKey(for: proposal)
        guard publicKey.isValid(token: token, signature: signature) else { throw Refusal.tokenNotSigned }
        do { try Tally.validate(ballot, for: proposal.draft.election(ballots: [])) } catch { throw Refusal.invalidBallot(error.message) }
        return try await store.castSecret(proposal.id, token: token, signature: signature, ballot: ballot, now: now)
    }
}
