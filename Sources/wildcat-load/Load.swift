import ArgumentParser

/// Load generator for Wildcat's chat. Run it against a release build; see bench/README.md.
@main
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wildcat-load",
        abstract: "Measure Wildcat: message throughput, live fan-out latency, memory per live connection, tally speed, vote storms.",
        subcommands: [Seed.self, Send.self, Fanout.self, Idle.self, TallySpeed.self, VoteStorm.self, RecallSpeed.self, CouncilSeed.self, RatificationSpeed.self, AlertSpeed.self, PushSpeed.self, PledgeSpeed.self,
                      SupportSeed.self, PageViews.self, SignupSpeed.self, SearchSeed.self, Uploads.self, SecretBoard.self, SecretStorm.self]
    )
}
