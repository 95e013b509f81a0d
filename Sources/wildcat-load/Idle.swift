import ArgumentParser
import Foundation

struct Idle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open N idle live connections and report the server's memory per connection.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Live connections.") var members: Int = 10_000
    @Option(help: "The server's process id (same machine), to read its memory.") var pid: Int32

    func rss() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { throw ValidationError("cannot read VmRSS") }
        return kb
    }

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count >= members else { throw ValidationError("the seed has only \(seed.tokens.count) members") }
        let before = try rss()
        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: seed.tokens[0..<members])
        let connected = await receivers.waitForConnections(members, timeout: .seconds(120))
        try await Task.sleep(for: .seconds(5))
        let after = try rss()
        print(String(format: "idle: %d live connections; server RSS %d KB before, %d KB after: %.1f KB per connection",
                     connected, before, after, Double(after - before) / Double(max(connected, 1))))
        receivers.closeAll()
    }
}
