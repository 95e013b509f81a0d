import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatUnicode

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an assembly of N members with sessions, directly in a fresh database (server stopped).")

    @Option(help: "The server's data folder (SQLite).") var data: String = "data"
    @Option(help: "Or a PostgreSQL URL.") var databaseURL: String?
    @Option(help: "How many members.") var members: Int = 10_000
    @Option(help: "Where to write the seed file.") var out: String = "bench-seed.json"
    @Flag(help: "Allow urgent votes in the assembly (any member opens one; 2 hours at the soonest).") var urgent = false

    func run() async throws {
        var logger = Logger(label: "wildcat-load")
        logger.logLevel = .warning
        let location: DatabaseLocation = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("wildcat.sqlite").path)
        let spoofing = ICUSpoofing()
        try await Store.withRunning(location, logger: logger) { store in
            let now = Date()
            try await store.migrate(now: now)
            guard let first = try await store.firstPersonInvite(now: now, validFor: 3600) else {
                throw ValidationError("The database already has accounts: seed a fresh one.")
            }
            let hash = "$2b$04$abcdefghijklmnopqrstuu5Ss0JjqhBM1Jk0IsrxdS0pVjaRaxiCy" // no usable passphrase
            let founder = try await store.createAccount(inviteTokenHash: first.hash, pseudonym: try DistinctPseudonym(try Pseudonym("load0"), spoofing: spoofing), passphraseHash: hash, now: now).0
            var rules = AssemblyRules.defaults
            if urgent { rules.urgent = .suggested }
            let assembly = try await store.createAssembly(name: try AssemblyName("Load test"), founder: founder.id, rules: rules, now: now)
            let (_, invite) = try await store.createInvite(assemblyID: assembly.id, by: .operator, terms: InviteTerms(maxUses: nil, expiresAt: now + 3600), now: now)
            let start = ContinuousClock.now
            let tokens = try await withThrowingTaskGroup(of: [String].self) { group in
                let workers = 32
                for worker in 0..<workers {
                    group.addTask {
                        var tokens: [String] = []
                        for i in stride(from: worker, to: members, by: workers) {
                            let account = i == 0 ? founder : try await store.createAccount(
                                inviteTokenHash: invite.hash, pseudonym: try DistinctPseudonym(try Pseudonym("load\(i)"), spoofing: spoofing), passphraseHash: hash, now: now).0
                            let token = SecretToken.generate()
                            _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: "wildcat-load", now: now, expiresAt: now + 30 * 86400)
                            tokens.append(token.value)
                        }
                        return tokens
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let seed = SeedFile(assembly: assembly.id.rawValue, channel: assembly.generalChannel.rawValue, tokens: tokens)
            try JSONEncoder().encode(seed).write(to: URL(fileURLWithPath: out))
            print("seeded \(tokens.count) members in \(ContinuousClock.now - start) into \(location); wrote \(out)")
        }
    }
}
