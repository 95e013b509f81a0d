import ArgumentParser
import Foundation
import WildcatDomain

/// `wildcat verify-board board.json`: what any member can run on a secret proposal's board.
struct VerifyBoard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-board",
        abstract: "Check a secret ballot's board (every signature, token and link) and count it again.",
        discussion: """
            The board is the JSON a closed secret proposal's page offers ("Download the board").
            Checks, in order: each entry's place, its token's signature by the proposal's key (the
            fingerprint printed here should match the one on the proposal's page), that no token
            votes twice, that each ballot is one the proposal accepts, each entry's hash from the one
            before it, the final hash, that ballots do not outnumber the tokens issued; then recounts
            with the same tally code as the server and compares with the server's result.
            Exit status 0 when all holds; 1 with the first bad entry named; 2 when the file cannot be read.
            Pass --token to find your own ballot by your token (base64url, from your receipt), and
            --receipt with the receipt file the page saved when you cast: it checks that the
            server signed it (with the receipt key the board names, also served at
            /.well-known/wildcat-receipts) and that the board holds the entry it acknowledged.
            """
    )

    @Argument(help: "The board's JSON file.") var board: String
    // A base64url token may begin with "-": taken as the value, not as another option.
    @Option(parsing: .unconditional, help: "Your token (base64url): prints your entry.") var token: String?
    @Option(help: "Your receipt's JSON file: checks the board holds the entry the server acknowledged.") var receipt: String?

    func run() throws {
        let parsed: Board
        do {
            parsed = try JSONDecoder().decode(Board.self, from: Data(contentsOf: URL(fileURLWithPath: board)))
        } catch {
            FileHandle.standardError.write(Data("wildcat verify-board: cannot read \(board): \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        let started = ContinuousClock.now
        let result: TallyResult
        do {
            result = try parsed.verify()
        } catch {
            print("BAD: \(error)")
            throw ExitCode(1)
        }
        let elapsed = ContinuousClock.now - started
        print("key fingerprint: \(parsed.fingerprint)")
        print("eligible members: \(parsed.eligible); tokens issued: \(parsed.tookToken.count); ballots cast: \(parsed.entries.count)")
        print("final hash: \(parsed.finalHash)")
        if let winners = result.winners.isEmpty ? nil : result.winners {
            print("recount: \(winners.joined(separator: ", "))\(result.tie ? " (a tie, drawn by the seed)" : "")")
        } else if let passed = result.passed {
            print("recount: \(passed ? "passed" : "did not pass")")
        }
        if let receipt {
            let held: Receipt
            do {
                held = try JSONDecoder().decode(Receipt.self, from: Data(contentsOf: URL(fileURLWithPath: receipt)))
            } catch {
                FileHandle.standardError.write(Data("wildcat verify-board: cannot read the receipt \(receipt): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            do { try parsed.check(held) } catch {
                print("BAD: your receipt: \(error)")
                throw ExitCode(1)
            }
            print("your receipt: entry \(held.number), signed by this server's receipt key \(parsed.receiptKey ?? ""), is on the board")
        }
        if let token {
            if let entry = parsed.entries.first(where: { $0.token == token }) {
                print("your ballot: entry \(entry.number), \(entry.ballot)")
            } else {
                print("your token is not on this board")
                throw ExitCode(1)
            }
        }
        print(String(format: "OK: %d entries checked in %.2f s", parsed.entries.count,
                     Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
    }
}
