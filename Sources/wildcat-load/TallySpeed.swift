import ArgumentParser
import WildcatDomain

struct TallySpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tally", abstract: "Time Schulze and STV counts over random ballots (one core, no server).")

    @Option(help: "Ballots.") var ballots: Int = 100_000
    @Option(help: "Seed for the random ballots.") var seed: UInt64 = 1

    func run() throws {
        var random = SplitMix(state: seed)
        func ballotsFor(_ options: [String]) -> [(ballot: Ballot, count: Int)] {
            (0..<ballots).map { _ in
                var order = options
                for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
                return (.ranking(Array(order.prefix(1 + Int(random.next() % UInt64(order.count))))), 1)
            }
        }
        let ten = (0..<10).map { "option\($0)" }
        let schulze = Election(method: .schulze, options: ten, ballots: ballotsFor(ten))
        var start = ContinuousClock.now
        let s = try Tally.tally(schulze)
        print("tally: Schulze, \(ballots) ballots × 10 options: \(ContinuousClock.now - start) (winner \(s.winners))")
        let twenty = (0..<20).map { "candidate\($0)" }
        let stv = Election(method: .stv, options: twenty, seats: 5, ballots: ballotsFor(twenty))
        start = ContinuousClock.now
        let t = try Tally.tally(stv)
        print("tally: STV, \(ballots) ballots, 20 candidates, 5 seats: \(ContinuousClock.now - start) (elected \(t.winners))")
    }
}

/// A small deterministic generator for reproducible random ballots.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
