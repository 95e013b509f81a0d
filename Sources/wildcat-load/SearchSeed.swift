import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatUnicode

/// A fresh database for the search benchmark: one assembly holding N messages of words drawn
/// from a vocabulary with a long tail (some words in most messages, most in few), another
/// assembly with a few, and a member's session. Writes the assembly and the session token.
struct SearchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search-seed", abstract: "Seed an assembly with many messages for search (server stopped).")

    @Option(help: "The server's data folder (SQLite).") var data: String = "data"
    @Option(help: "Or a PostgreSQL URL.") var databaseURL: String?
    @Option(help: "Messages in the assembly.") var messages: Int = 1_000_000
    @Option(help: "Where to write the assembly and token.") var out: String = "search-seed.json"

    struct Output: Codable {
        let assembly: String
        let token: String
    }

    func run() async throws {
        try await FreshStore.seed(data: data, databaseURL: databaseURL, pseudonym: "searcher") { store, member, now in
            let token = SecretToken.generate()
            _ = try await store.createSession(accountID: member.id, tokenHash: token.hash, device: "wildcat-load", now: now, expiresAt: now + 30 * 86400)
            // Founded before the first message: its founder reads all of them.
            let from = now - TimeInterval(messages) - 100
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: member.id, rules: .defaults, now: from - 10)
            let other = try await store.createAssembly(name: try AssemblyName("Elsewhere"), founder: member.id, rules: .defaults, now: from - 10)
            // Word i appears with a probability falling as 1/(i+1): "w0" in most messages, "w4999" in a few hundred.
            var generator = SystemRandomNumberGenerator()
            func word() -> String {
                let u = Double.random(in: 0..<1, using: &generator)
                return "w\(Int(pow(5000.0, u)) - 1)"
            }
            let started = ContinuousClock.now
            for batch in stride(from: 0, to: messages, by: 10_000) {
                let count = min(10_000, messages - batch)
                let bodies = (0..<count).map { _ in (0..<Int.random(in: 6...14, using: &generator)).map { _ in word() }.joined(separator: " ") }
                try await store.seedMessages(bodies, in: depot.generalChannel, assembly: depot.id, author: member.id, from: from + TimeInterval(batch))
            }
            try await store.seedMessages(["w1 w2 w3 elsewhere only"], in: other.generalChannel, assembly: other.id, author: member.id, from: now - 50)
            try JSONEncoder().encode(Output(assembly: depot.id.rawValue, token: token.value)).write(to: URL(fileURLWithPath: out))
            print("seeded \(messages) messages in \(ContinuousClock.now - started); wrote \(out)")
        }
    }
}
