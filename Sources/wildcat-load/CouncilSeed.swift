import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatUnicode

/// A council of A assemblies of M members each, directly in a fresh database (server stopped):
/// every assembly joined by its own decision and elected its delegate; then the council passes D
/// decisions for ratification, each opening a vote in every assembly. What `ratify` reads.
struct CouncilSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-council",
                                                    abstract: "Create a council of A assemblies of M members, with D decisions sent for ratification (server stopped).")

    @Option(help: "The server's data folder (SQLite).") var data: String = "data"
    @Option(help: "Or a PostgreSQL URL.") var databaseURL: String?
    @Option(help: "Member assemblies.") var assemblies: Int = 100
    @Option(help: "Members of each.") var members: Int = 1000
    @Option(help: "Council decisions sent for ratification (one per `ratify` run).") var decisions: Int = 3
    @Option(help: "Where to write the seed file.") var out: String = "council-seed.json"

    func validate() throws {
        guard assemblies >= 2, members >= 2, decisions >= 1 else { throw ValidationError("at least 2 assemblies of 2 members, and 1 decision") }
    }

    func run() async throws {
        var logger = Logger(label: "wildcat-load")
        logger.logLevel = .warning
        let location: DatabaseLocation = try databaseURL.map { try DatabaseLocation.postgres(url: $0) }
            ?? .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("wildcat.sqlite").path)
        let spoofing = ICUSpoofing()
        let hash = "$2b$04$abcdefghijklmnopqrstuu5Ss0JjqhBM1Jk0IsrxdS0pVjaRaxiCy" // no usable passphrase
        let (assemblies, members, decisions) = (self.assemblies, self.members, self.decisions)
        try await Store.withRunning(location, logger: logger) { store in
            let now = Date()
            try await store.migrate(now: now)
            guard var invite = try await store.firstPersonInvite(now: now, validFor: 3600) else {
                throw ValidationError("The database already has accounts: seed a fresh one.")
            }
            let start = ContinuousClock.now
            var seeded: [CouncilSeedFile.Member] = []
            var founders: [Account] = []
            var made: [Assembly] = []
            var previous: ID<Assembly>?
            for a in 0..<assemblies {
                // Each founder comes in by the previous assembly's invite, and leaves it once theirs exists.
                let founder = try await store.createAccount(inviteTokenHash: invite.hash, pseudonym: try DistinctPseudonym(try Pseudonym("a\(a)m0"), spoofing: spoofing),
                                                            passphraseHash: hash, now: now).0
                let assembly = try await store.createAssembly(name: try AssemblyName("Workplace \(a)"), founder: founder.id, rules: .defaults, now: now)
                if let previous { try await store.leave(previous, accountID: founder.id, now: now) }
                invite = try await store.createInvite(assemblyID: assembly.id, by: .operator, terms: InviteTerms(maxUses: nil, expiresAt: now + 3600), now: now).1
                let joining = invite
                let accounts = try await withThrowingTaskGroup(of: [(Account, String)].self) { group in
                    for worker in 0..<16 {
                        group.addTask {
                            var made: [(Account, String)] = []
                            for m in stride(from: 1 + worker, to: members, by: 16) {
                                let account = try await store.createAccount(inviteTokenHash: joining.hash, pseudonym: try DistinctPseudonym(try Pseudonym("a\(a)m\(m)"), spoofing: spoofing),
                                                                            passphraseHash: hash, now: now).0
                                let token = SecretToken.generate()
                                _ = try await store.createSession(accountID: account.id, tokenHash: token.hash, device: "wildcat-load", now: now, expiresAt: now + 30 * 86400)
                                made.append((account, token.value))
                            }
                            return made
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                let token = SecretToken.generate()
                _ = try await store.createSession(accountID: founder.id, tokenHash: token.hash, device: "wildcat-load", now: now, expiresAt: now + 30 * 86400)
                seeded.append(.init(assembly: assembly.id.rawValue, founder: founder.id.rawValue, tokens: [token.value] + accounts.map(\.1), votes: []))
                previous = assembly.id
                founders.append(founder)
                made.append(assembly)
            }
            print("seed-council: \(assemblies) assemblies of \(members) members in \(ContinuousClock.now - start)")

            // Founded by the first assembly's decision, joined by each other's; each elects its founder.
            let first = made[0]
            try await Self.decide(store, Self.motion(.foundCouncil(FoundCouncil(name: "Regional council", charter: Charter(
                seats: 1, termDays: nil, mandate: "Unite the region's workplaces", channelPrivate: false, weighting: .perDelegate, ratification: .majority))), now: now),
                in: first, by: founders[0], now: now)
            guard let council = try await store.councils(of: first.id).first else { throw ValidationError("the council was not founded") }
            for (index, assembly) in made.enumerated() {
                if index > 0 {
                    // Each asks by its decision; the delegates seated so far admit it.
                    try await Self.decide(store, Self.motion(.joinCouncil(JoinCouncil(council: council.id, councilName: council.name)), now: now),
                                          in: assembly, by: founders[index], now: now)
                    guard let admission = try await store.proposals(in: council.id).first(where: {
                        if $0.isOpen, case .admitAssembly(let asked)? = $0.draft.effect { return asked.assembly == assembly.id }; return false
                    }) else { throw ValidationError("no admission vote for \(assembly.name)") }
                    for delegate in founders[..<index] {
                        _ = try await store.castBallot(.yesNo(.yes), on: admission.id, in: council.id, by: delegate.id, now: now)
                    }
                    _ = try await store.closeProposal(admission.id, in: council.id, now: now)
                }
                let second = try await store.members(of: assembly.id).first { $0.accountID != founders[index].id }!
                var election = Self.motion(.electDelegates(ElectDelegates(committee: council.id, committeeName: council.name, candidates: [
                    .init(account: founders[index].id, pseudonym: founders[index].pseudonym), .init(account: second.accountID, pseudonym: second.pseudonym),
                ])), now: now)
                election.method = .stv
                election.options = [founders[index].pseudonym, second.pseudonym]
                try await Self.decide(store, election, in: assembly, by: founders[index], now: now)
            }
            guard let (councilAssembly, _) = try await store.access(to: council.id, for: founders[0].id) else { throw ValidationError("no delegate seated") }

            // The council's decisions, each opening a vote in every assembly.
            var ids: [String] = []
            for d in 0..<decisions {
                var draft = Self.motion(nil, now: now)
                draft.title = "Regional strike \(d + 1)"
                draft.forRatification = true
                let opening = ContinuousClock.now
                try await Self.decide(store, draft, in: councilAssembly, by: founders[0], now: now)
                print("seed-council: decision \(d + 1) passed, \(assemblies) ratification votes opened in \(ContinuousClock.now - opening)")
                guard let decided = try await store.proposals(in: council.id).first(where: { $0.draft.title == draft.title }),
                      let ratification = decided.ratification else { throw ValidationError("no ratification was asked") }
                ids.append(decided.id.rawValue)
                for answer in ratification.answers {
                    guard let index = seeded.firstIndex(where: { $0.assembly == answer.assembly.rawValue }) else { continue }
                    seeded[index].votes.append(answer.proposal.rawValue)
                }
            }
            let file = CouncilSeedFile(council: council.id.rawValue, decisions: ids, assemblies: seeded)
            try JSONEncoder().encode(file).write(to: URL(fileURLWithPath: out))
            print("seed-council: done in \(ContinuousClock.now - start); wrote \(out)")
        }
    }

    /// A yes/no motion decided by one voter (the set-up is not what is measured).
    static func motion(_ effect: Effect?, now: Date) -> ProposalDraft {
        ProposalDraft(title: "Set-up", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                      abstentionsCount: false, quorum: .voters(1), dotBudget: 5, secret: false, resultsLive: true, closesAt: now + 86400, effect: effect)
    }

    static func decide(_ store: Store, _ draft: ProposalDraft, in assembly: Assembly, by voter: Account, now: Date) async throws {
        let (proposal, _) = try await store.createProposal(in: assembly, by: voter, draft: draft, now: now)
        let ballot: Ballot = draft.method == .stv ? .ranking(draft.options) : .yesNo(.yes)
        _ = try await store.castBallot(ballot, on: proposal.id, in: assembly.id, by: voter.id, now: now)
        _ = try await store.closeProposal(proposal.id, in: assembly.id, now: now)
    }
}

/// What `seed-council` writes: the council, its decisions awaiting ratification, and each
/// assembly with its members' session tokens (its founder, the delegate, first) and its vote on
/// each decision.
struct CouncilSeedFile: Codable {
    struct Member: Codable {
        let assembly: String
        let founder: String
        let tokens: [String]
        var votes: [String]
    }

    let council: String
    let decisions: [String]
    let assemblies: [Member]

    static func read(_ path: String) throws -> CouncilSeedFile {
        try JSONDecoder().decode(CouncilSeedFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
