import Crypto
import Foundation
import Testing
import _CryptoExtras
@testable import WildcatDomain

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// What a member's browser does (RFC 9474 client side), done here with swift-crypto.
func takeToken(from key: BallotKey) throws -> (token: Data, signature: Data) {
    let server = try _RSA.BlindSigning.PublicKey<SHA384>(derRepresentation: key.publicKey.der, parameters: .RSABSSA_SHA384_PSS_Deterministic)
    let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
    let prepared = server.prepare(token)
    let blinded = try server.blind(prepared)
    let blindSignature = try key.blindSign(blinded.blindedMessage)
    let signature = try server.finalize(_RSA.BlindSigning.BlindSignature(rawRepresentation: blindSignature), for: prepared,
                                        blindingInverse: blinded.inverse)
    return (token, signature.rawRepresentation)
}

private func stvDraft() -> ProposalDraft {
    ProposalDraft(title: "Strike committee", body: "", method: .stv, options: ["Ana", "Ben", "Cleo", "Dev"], seats: 2,
                  threshold: Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5,
                  secret: true, resultsLive: false, closesAt: t0 + 3600, effect: nil)
}

private func ranking(_ names: String...) -> String {
    String(decoding: try! JSONEncoder().encode(Ballot.ranking(names)), as: UTF8.self)
}

@Suite struct BoardTests {
    static let key = try! BallotKey.generate()
    let proposal = ID<Proposal>("p1")

    func board(_ entries: [BoardEntry], issued: Int = 6) -> Board {
        Board(proposal: proposal, draft: stvDraft(), key: Self.key.publicKey, closedAt: 1_800_003_600_123, eligible: 10,
              tookToken: (0..<issued).map { "member \($0)" }, entries: entries, result: nil)
    }

    func casts(_ ballots: [String]) throws -> [(token: Data, signature: Data, ballot: String)] {
        try ballots.map { ballot in let (token, signature) = try takeToken(from: Self.key); return (token, signature, ballot) }
    }

    @Test func aBlindSignedTokenVerifiesAndTheServerNeverSawIt() throws {
        let (token, signature) = try takeToken(from: Self.key)
        #expect(Self.key.publicKey.isValid(token: token, signature: signature))
        var other = token
        other[0] ^= 1
        #expect(!Self.key.publicKey.isValid(token: other, signature: signature))
        // Another proposal's key does not accept it.
        #expect(!(try BallotKey.generate()).publicKey.isValid(token: token, signature: signature))
        #expect(Self.key.publicKey.fingerprint.split(separator: " ").count == 8)
    }

    @Test func aMalformedBlindedMessageIsRefused() {
        #expect(throws: InputError.self) { try Self.key.blindSign(Data(repeating: 1, count: 255)) }
        // All ones is above any 2048-bit modulus: not a number this key can sign.
        #expect(throws: InputError.self) { try Self.key.blindSign(Data(repeating: 0xFF, count: 256)) }
    }

    @Test func anHonestBoardVerifiesAndRecountsTheSameAsTheServer() throws {
        let ballots = [ranking("Ana", "Ben"), ranking("Ben", "Ana"), ranking("Cleo"), ranking("Ana", "Cleo"), ranking("Dev", "Ben")]
        let entries = BoardChain.entries(proposal: proposal, casts: try casts(ballots))
        let recount = try board(entries).verify()
        #expect(recount.winners.count == 2)
        let server = Board(proposal: proposal, draft: stvDraft(), key: Self.key.publicKey, closedAt: 1_800_003_600_123, eligible: 10,
                           tookToken: (0..<6).map { "m\($0)" }, entries: entries, result: recount)
        #expect(try server.verify() == recount)
    }

    @Test func eachTamperingIsFoundAtTheFirstBadEntry() throws {
        let entries = BoardChain.entries(proposal: proposal, casts: try casts([ranking("Ana"), ranking("Ben"), ranking("Cleo"), ranking("Dev")]))
        func problem(_ tampered: [BoardEntry], issued: Int = 6) -> Board.Problem? {
            do { _ = try board(tampered, issued: issued).verify(); return nil } catch { return error }
        }
        // Altered: Ben's ballot becomes Ana's.
        var altered = entries
        altered[1] = BoardEntry(number: 2, token: entries[1].token, signature: entries[1].signature, ballot: ranking("Ana"), hash: entries[1].hash)
        #expect(problem(altered)?.entry == 2)
        // Removed: the third.
        var removed = entries
        removed.remove(at: 2)
        #expect(problem(removed)?.entry == 3)
        // Removed from the end: the final hash no longer matches.
        let shortened = Board(proposal: proposal, draft: stvDraft(), key: Self.key.publicKey, closedAt: 1, eligible: 10, tookToken: ["a", "b", "c", "d"],
                              entries: Array(entries.prefix(3)), result: nil)
        let stated = try JSONEncoder().encode(shortened)
        var json = try JSONSerialization.jsonObject(with: stated) as! [String: Any]
        json["finalHash"] = entries[3].hash
        let forged = try JSONDecoder().decode(Board.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(throws: Board.Problem.self) { try forged.verify() }
        // Added: a copy of the first ballot's token with another ballot.
        var added = entries
        added.append(BoardEntry(number: 5, token: entries[0].token, signature: entries[0].signature, ballot: ranking("Dev"), hash: entries[3].hash))
        #expect(problem(added)?.entry == 5 && problem(added)?.reason.contains("already used by entry 1") == true)
        // Reordered: the second and third swap places (numbers kept in sequence).
        let reordered = [entries[0], BoardEntry(number: 2, token: entries[2].token, signature: entries[2].signature, ballot: entries[2].ballot, hash: entries[2].hash),
                         BoardEntry(number: 3, token: entries[1].token, signature: entries[1].signature, ballot: entries[1].ballot, hash: entries[1].hash), entries[3]]
        #expect(problem(reordered)?.entry == 2)
        // Forged: a token signed by no one.
        var forgedSignature = entries
        var bytes = Data(base64URL: entries[0].signature)!
        bytes[10] ^= 0x55
        forgedSignature[0] = BoardEntry(number: 1, token: entries[0].token, signature: bytes.base64URL, ballot: entries[0].ballot, hash: entries[0].hash)
        #expect(problem(forgedSignature)?.entry == 1 && problem(forgedSignature)?.reason.contains("signature") == true)
        // A token from another proposal's key.
        let stranger = try BallotKey.generate()
        let (token, signature) = try takeToken(from: stranger)
        let foreign = BoardChain.entries(proposal: proposal, casts: [(token, signature, ranking("Ana"))])
        #expect(problem(foreign)?.entry == 1)
        // More ballots than tokens issued.
        #expect(problem(entries, issued: 3)?.entry == nil && problem(entries, issued: 3)?.reason.contains("only 3 tokens") == true)
        // A ballot the proposal does not accept (a name not standing).
        let bad = BoardChain.entries(proposal: proposal, casts: try casts([ranking("Zed")]))
        #expect(problem(bad)?.entry == 1)
    }
}
