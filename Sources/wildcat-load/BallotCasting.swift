import NIOConcurrencyHelpers
import NIOHTTP1

/// Many ballots over plain keep-alive HTTP/1.1, `clients` connections at a time: the set-up and
/// bulk voting of the benchmarks (what is measured is timed around it). Fails if any is refused.
enum BallotCasting {
    struct Ballot: Sendable {
        let path: String
        let token: String
        let body: String
    }

    static func cast(_ ballots: [Ballot], host: String, port: Int, clients: Int) async throws {
        let next = NIOLockedValueBox(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let connection = try await PlainHTTPConnection.connect(host: host, port: port)
                    defer { connection.close() }
                    while true {
                        let index: Int = next.withLockedValue { let i = $0; $0 += 1; return i }
                        guard index < ballots.count else { return }
                        let ballot = ballots[index]
                        let status = try await connection.send(.POST, ballot.path, token: ballot.token, body: ballot.body)
                        guard status == .ok else { throw CastingError(status: status) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    struct CastingError: Error, CustomStringConvertible {
        let status: HTTPResponseStatus
        var description: String { "a ballot was refused: \(status)" }
    }
}
