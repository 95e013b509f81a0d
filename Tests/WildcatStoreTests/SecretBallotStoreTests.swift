import Crypto
import Foundation
import Testing
import WildcatDomain
import _CryptoExtras
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func secretVote() -> ProposalDraft {
    ProposalDraft(title: "Strike on Monday?", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                  abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: true, resultsLive: false,
                  closesAt: t0 + 3600, effect: nil)
}

/// The browser's part, done with swift-crypto.
private func token(_ key: BallotKey) throws -> (Data, Data) {
    let server = try _RSA.BlindSigning.PublicKey<SHA384>(derRepresentation: key.publicKey.der, parameters: .RSABSSA_SHA384_PSS_Deterministic)
    let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
    let prepared = server.prepare(token)
    let blinded = try server.blind(prepared)
    let signature = try server.finalize(_RSA.BlindSigning.BlindSignature(rawRepresentation: try key.blindSign(blinded.blindedMessage)),
                                        for: prepared, blindingInverse: blinded.inverse)
    return (token, signature.rawRepresentation)
}

@Suite("Secret ballots store", .serialized)
struct SecretBallotStoreTests {
    @Test(arguments: Backend.available)
    func tokensOncePerMemberBallotsOncePerTokenChainedAndCountedAtCloseWithoutAccounts(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            let max = try await newAccount(store, "Max", into: depot.id)
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            let carol = try await newAccount(store, "Carol", into: bakery.id)
            let made = try BallotKey.generate()
            let (proposal, _) = try await store.createProposal(in: depot, by: rosa, draft: secretVote(), ballotKey: made, now: t0)

            // It opened with its key: none is made again, and no ballot is cast with an account.
            let (first, signer) = try #require(try await store.ballotKey(for: proposal.id, make: { Issue.record("made a second key"); return try BallotKey.generate() }))
            #expect(first == made.publicKey)
            let key = try #require(signer)
            await #expect(throws: Refusal.self) { _ = try await store.castBallot(.yesNo(.yes), on: proposal.id, in: depot.id, by: lucy.id, now: t0 + 1) }

            // A token once per member, only for members.
            try await store.recordToken(proposal.id, in: depot.id, member: rosa.id, now: t0 + 1)
            await #expect(throws: Refusal.tokenAlreadyTaken) { try await store.recordToken(proposal.id, in: depot.id, member: rosa.id, now: t0 + 2) }
            await #expect(throws: Refusal.notFound) { try await store.recordToken(proposal.id, in: depot.id, member: carol.id, now: t0 + 2) }
            try await store.recordToken(proposal.id, in: depot.id, member: lucy.id, now: t0 + 2)
            let lucyHas = try await store.hasToken(proposal.id, member: lucy.id), maxHas = try await store.hasToken(proposal.id, member: max.id)
            #expect(lucyHas && !maxHas)
            // Taking a token is voting, as far as "awaiting your vote" goes.
            let lucyAwaits = try await store.proposalsAwaitingVote(of: lucy.id), maxAwaits = try await store.proposalsAwaitingVote(of: max.id)
            #expect(lucyAwaits.isEmpty && maxAwaits.map(\.id) == [proposal.id])

            // Ballots chained in arrival order, exactly as the board's code makes them.
            let casts = try [token(key), token(key)]
            let entries = [
                try await store.castSecret(proposal.id, token: casts[0].0, signature: casts[0].1, ballot: .yesNo(.yes), now: t0 + 10),
                try await store.castSecret(proposal.id, token: casts[1].0, signature: casts[1].1, ballot: .yesNo(.no), now: t0 + 11),
            ]
            let expected = BoardChain.entries(proposal: proposal.id, casts: [(casts[0].0, casts[0].1, #"{"choice":"yes"}"#),
                                                                             (casts[1].0, casts[1].1, #"{"choice":"no"}"#)])
            #expect(entries == expected)
            // A token twice: refused, and nothing of it stored or counted.
            await #expect(throws: Refusal.tokenAlreadyUsed) {
                _ = try await store.castSecret(proposal.id, token: casts[0].0, signature: casts[0].1, ballot: .yesNo(.no), now: t0 + 12)
            }
            #expect(try await store.proposal(proposal.id, in: depot.id)?.ballotCount == 2)
            // Cast with the account: refused once the key exists.
            await #expect(throws: Refusal.self) { _ = try await store.castBallot(.yesNo(.yes), on: proposal.id, in: depot.id, by: max.id, now: t0 + 12) }

            // Closing counts the board, forgets the private key; the board verifies.
            let closed = try #require(try await store.closeProposal(proposal.id, in: depot.id, now: t0 + 3600))
            #expect(closed.decision?.participants == 2)
            let gone = try #require(try await store.ballotKey(for: proposal.id, make: { try BallotKey.generate() })).1
            #expect(gone == nil)
            await #expect(throws: Refusal.votingClosed) {
                _ = try await store.castSecret(proposal.id, token: casts[1].0, signature: casts[1].1, ballot: .yesNo(.yes), now: t0 + 3601)
            }
            await #expect(throws: Refusal.votingClosed) { try await store.recordToken(proposal.id, in: depot.id, member: max.id, now: t0 + 3601) }
            let board = try #require(try await store.board(closed))
            #expect(try board.verify() == closed.result)
            #expect(board.tookToken == ["Lucy", "Rosa"] && board.entries == expected)

            // A deleted account leaves its slot: tokens issued still bound the ballots.
            _ = try await store.deleteAccount(lucy.id, now: t0 + 4000)
            let reread = try #require(try await store.proposal(proposal.id, in: depot.id))
            let after = try #require(try await store.board(reread))
            let recount = try after.verify()
            #expect(after.tookToken.count == 2 && recount == closed.result)

            // No column of the ballots names an account or a time; the token holders keep no time and no token.
            let columns = try await store.read { db -> [String] in
                let sql = backend == .sqlite
                    ? "SELECT name FROM pragma_table_info('secret_ballots') UNION ALL SELECT name FROM pragma_table_info('secret_tokens')"
                    : "SELECT column_name AS name FROM information_schema.columns WHERE table_name IN ('secret_ballots', 'secret_tokens')"
                return try await db.raw("\(unsafeRaw: sql)").all().map { try $0.string("name") }
            }
            #expect(Set(columns) == ["proposal_id", "number", "token", "signature", "ballot", "hash", "slot", "account_id"])
        }
    }

    /// A secret proposal opened before secret ballots were unlinkable has no key: if ballots were
    /// cast with accounts, it keeps them to its close (none lost); if none were, it gets its key.
    @Test(arguments: Backend.available)
    func aSecretProposalOpenedBeforeKeysKeepsItsAccountBallotsOrTakesAKey(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            _ = try await newAccount(store, "Max", into: depot.id)
            let (voted, _) = try await store.createProposal(in: depot, by: rosa, draft: secretVote(), now: t0)
            let (unvoted, _) = try await store.createProposal(in: depot, by: rosa, draft: secretVote(), now: t0)
            _ = try await store.castBallot(.yesNo(.yes), on: voted.id, in: depot.id, by: lucy.id, now: t0 + 1)
            let none = try await store.ballotKey(for: voted.id, make: { try BallotKey.generate() })
            #expect(none == nil)
            _ = try await store.castBallot(.yesNo(.yes), on: voted.id, in: depot.id, by: rosa.id, now: t0 + 2)
            let keyed = try await store.ballotKey(for: unvoted.id, make: { try BallotKey.generate() })
            #expect(keyed?.1 != nil)
            await #expect(throws: Refusal.self) { _ = try await store.castBallot(.yesNo(.yes), on: unvoted.id, in: depot.id, by: lucy.id, now: t0 + 3) }
            let closed = try #require(try await store.closeProposal(voted.id, in: depot.id, now: t0 + 3600))
            #expect(closed.decision?.participants == 2 && closed.decision?.outcome == .passed)
        }
    }
}
