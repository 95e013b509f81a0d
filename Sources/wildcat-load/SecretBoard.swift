import ArgumentParser
import Crypto
import Foundation
import WildcatDomain
import _CryptoExtras

/// A closed secret proposal's board of N ballots, made directly with a fresh key (the key's
/// owner signs each token as RSASSA-PSS, which is what a blind signature unblinds to): for
/// timing `wildcat verify-board` and the page's check, and for the CLI's tampering tests.
struct SecretBoard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "secret-board", abstract: "Write a valid secret ballot board of N ballots.")

    @Option(help: "Ballots on the board.") var ballots: Int = 100_000
    @Option(help: "Method: yesno or stv.") var method: String = "stv"
    @Option(help: "Where to write it.") var out: String = "board.json"

    func run() async throws {
        let key = try BallotKey.generate()
        let signer = try _RSA.Signing.PrivateKey(derRepresentation: key.privateDER)
        let stv = method == "stv"
        let options = stv ? ["Ana", "Ben", "Cleo", "Dev", "Eli"] : []
        let draft = ProposalDraft(title: "Bench", body: "", method: stv ? .stv : .yesno, options: options, seats: stv ? 2 : 1,
                                  threshold: Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5,
                                  secret: true, resultsLive: false, closesAt: Date(), effect: nil)
        let started = ContinuousClock.now
        // Two workers: signing is the cost.
        let half = ballots / 2
        let parts = try await withThrowingTaskGroup(of: (Int, [(Data, Data, String)]).self) { group in
            for part in 0..<2 {
                group.addTask {
                    var made: [(Data, Data, String)] = []
                    var generator = SystemRandomNumberGenerator()
                    for _ in 0..<(part == 0 ? half : ballots - half) {
                        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
                        let signature = try signer.signature(for: SHA384.hash(data: token), padding: .PSS).rawRepresentation
                        let ballot: Ballot = stv ? .ranking(Array(options.shuffled(using: &generator).prefix(Int.random(in: 1...5, using: &generator))))
                                                 : .yesNo(Bool.random(using: &generator) ? .yes : .no)
                        made.append((token, signature, String(decoding: try JSONEncoder().encode(ballot), as: UTF8.self)))
                    }
                    return (part, made)
                }
            }
            var all: [(Int, [(Data, Data, String)])] = []
            for try await part in group { all.append(part) }
            return all.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        let proposal = ID<Proposal>("bench\(Int.random(in: 1000...9999))")
        let entries = BoardChain.entries(proposal: proposal, casts: parts.map { (token: $0.0, signature: $0.1, ballot: $0.2) })
        let closedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let unsigned = Board(proposal: proposal, draft: draft, key: key.publicKey, closedAt: closedAt, eligible: ballots,
                             tookToken: (0..<ballots).map { "member \($0)" }, entries: entries, result: nil)
        let result = try unsigned.verify()
        let board = Board(proposal: proposal, draft: draft, key: key.publicKey, closedAt: closedAt, eligible: ballots,
                          tookToken: unsigned.tookToken, entries: entries, result: result)
        try JSONEncoder().encode(board).write(to: URL(fileURLWithPath: out))
        print("secret-board: \(ballots) ballots written to \(out) in \(ContinuousClock.now - started)")
    }
}
