import ArgumentParser

/// The `wildcat` command: the server and the operator's tools.
@main
struct Wildcat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wildcat",
        abstract: "Wildcat: a self-hosted platform for workers to organize their own struggles.",
        discussion: """
            Start with `wildcat serve`: it keeps its data in ./data (embedded SQLite) and prints \
            a link for the first person to get in.
            """,
        subcommands: [Serve.self, Migrate.self, Invite.self, Backup.self, Restore.self, TallyCommand.self, VerifyBoard.self],
        defaultSubcommand: nil
    )
}

/// A command that could not do its job; printed as "Error: …" with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
