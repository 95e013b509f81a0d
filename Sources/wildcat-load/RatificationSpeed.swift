import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Ratification at scale: every member of every assembly of a `seed-council` council votes on one
/// of its decisions; the assemblies split so that the last one to close decides it. Measured:
/// from sending the very last ballot to a delegate reading the council's outcome over the API.
struct RatificationSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ratify",
                                                    abstract: "Time from the last assembly's ratification vote closing to the council's outcome being shown.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed-council`.") var seed: String = "council-seed.json"
    @Option(help: "Which of its decisions (0, 1, …): each can be ratified once.") var decision: Int = 0
    @Option(help: "Concurrent voters.") var clients: Int = 64

    func run() async throws {
        let seed = try CouncilSeedFile.read(self.seed)
        guard seed.decisions.indices.contains(decision) else { throw ValidationError("the seed has \(seed.decisions.count) decisions") }
        guard let components = URLComponents(string: url), let host = components.host else { throw ValidationError("bad --url") }
        let port = components.port ?? 80
        let n = seed.assemblies.count
        // Just under half ratify, half reject, and the last assembly's ratification decides it.
        let ratifying = Set((0..<(n / 2 - 1)) + [n - 1])
        var ballots: [BallotCasting.Ballot] = []
        for (index, member) in seed.assemblies.enumerated() {
            let path = "/api/v1/assemblies/\(member.assembly)/proposals/\(member.votes[decision])/ballot"
            let body = ratifying.contains(index) ? #"{"choice":"yes"}"# : #"{"choice":"no"}"#
            ballots += member.tokens.map { BallotCasting.Ballot(path: path, token: $0, body: body) }
        }
        let last = ballots.removeLast()
        let start = ContinuousClock.now
        try await BallotCasting.cast(ballots, host: host, port: port, clients: clients)
        let voting = ContinuousClock.now - start
        let pollPath = "/api/v1/assemblies/\(seed.council)/proposals/\(seed.decisions[decision])"
        let delegate = seed.assemblies[0].tokens[0]
        let poller = try await PlainHTTPConnection.connect(host: host, port: port)
        let before = try await status(poller, pollPath, token: delegate)
        guard before == "pending" else { throw ValidationError("the decision was \(before ?? "unreadable") before the last ballot") }

        let connection = try await PlainHTTPConnection.connect(host: host, port: port)
        let sent = ContinuousClock.now
        guard try await connection.send(.POST, last.path, token: last.token, body: last.body) == .ok else { throw ValidationError("the last ballot was refused") }
        let closed = ContinuousClock.now
        var shown = ContinuousClock.now
        var outcome = "pending"
        while outcome == "pending", ContinuousClock.now - sent < .seconds(30) {
            outcome = try await status(poller, pollPath, token: delegate) ?? "pending"
            shown = ContinuousClock.now
        }
        connection.close()
        poller.close()
        print("ratify: \(n) assemblies, \(ballots.count + 1) ballots in \(voting); outcome \(outcome)")
        print("ratify: last ballot sent → its assembly closed and the council decided (response): \(Self.ms(closed - sent))"
              + "; → the outcome read over the API by a delegate: \(Self.ms(shown - sent))")
    }

    private static func ms(_ duration: Duration) -> String {
        String(format: "%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }

    /// The ratification status of the council decision, as its API shows it.
    private func status(_ connection: PlainHTTPConnection, _ path: String, token: String) async throws -> String? {
        let (code, body) = try await connection.get(path, token: token)
        guard code == .ok, let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              let ratification = json["ratification"] as? [String: Any] else { return nil }
        return ratification["status"] as? String
    }
}
