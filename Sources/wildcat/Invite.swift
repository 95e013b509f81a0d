import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatWeb

/// `wildcat invite`: prints a join link from the command line. The assembly's audit log records
/// that the server operator made it.
struct Invite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an invite link.",
        discussion: """
            With --assembly, a link to join that assembly (by its id or exact name); the assembly's \
            audit log shows that the server operator made it. Without --assembly on a server where \
            nobody has an account yet, the first person's link.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LogOptions

    @Option(name: .long, help: "The assembly's id or exact name.")
    var assembly: String?

    @Option(name: .long, help: "How many people may use the link (1 to \(InviteTerms.maxUsesLimit)).")
    var maxUses: Int = 1

    @Option(name: .long, help: "Hours until the link expires (default: the assembly's rule).")
    var hours: Int?

    @Option(name: .long, help: ArgumentHelp("The address people use to reach the server.", valueName: "url"))
    var publicURL: String = ProcessInfo.processInfo.environment["WILDCAT_PUBLIC_URL"] ?? "http://127.0.0.1:8080"

    func run() async throws {
        let logger = logging.bootstrap()
        let configuration = WebConfiguration(publicURL: publicURL)
        let link = try await database.withStore(logger: logger) { store in
            try await makeLink(store: store, configuration: configuration)
        }
        print(link)
    }

    private func makeLink(store: Store, configuration: WebConfiguration) async throws -> String {
        guard let assembly else {
            guard let token = try await store.firstPersonInvite(now: WallClock.system.now(), validFor: 24 * 3600) else {
                throw CommandFailure("People already have accounts here: name an assembly with --assembly.")
            }
            return configuration.joinLink(token: token.value)
        }
        let matches = try await store.assemblies(matching: assembly)
        guard let target = matches.first else { throw CommandFailure("No assembly has the id or name \"\(assembly)\".") }
        guard matches.count == 1 else {
            let ids = matches.map { "  \($0.id)  \($0.name)" }.joined(separator: "\n")
            throw CommandFailure("Several assemblies are named \"\(assembly)\"; use one of these ids:\n\(ids)")
        }
        let now = WallClock.system.now()
        let terms: InviteTerms
        do {
            terms = try InviteTerms(maxUses: maxUses, expiresInHours: hours, rules: target.rules, now: now)
        } catch {
            throw CommandFailure(error.message)
        }
        let (_, token) = try await store.createInvite(assemblyID: target.id, by: .operator, terms: terms, now: now)
        return configuration.joinLink(token: token.value)
    }
}
