/// What the platform itself posts in an assembly's #general channel, as a fact; the web layer
/// words it and links it.
public enum SystemPost: Sendable, Hashable, Codable {
    /// A proposal was made; its discussion is the thread under this post.
    case proposalOpened(proposal: ID<Proposal>, title: String)
    /// A proposal closed with this outcome.
    case proposalClosed(proposal: ID<Proposal>, title: String, outcome: Decision.Outcome, winners: [String])
    /// A seat the assembly filled fell vacant (its delegate was recalled, or their term ended):
    /// a call for a by-election.
    /// A committee or council this assembly answers to (or belongs to) decided something.
    case bodyDecided(body: ID<Assembly>, name: String, council: Bool, proposal: ID<Proposal>, title: String, outcome: Decision.Outcome,
                     winners: [String], forRatification: Bool)
    case seatVacant(committee: ID<Assembly>, name: String, pseudonym: String, recalled: Bool)
}
