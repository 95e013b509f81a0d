/// Outcomes the rules refuse; the web layer maps each to a status and a message.
public enum Refusal: Error, Sendable, Hashable {
    case pseudonymTaken
    case inviteNotUsable(InviteStatus)
    case inviteNotFound
    case notFound
    case alreadyMember
    case notPermitted(Forbidden)
    case wrongCredentials
    case notSignedIn
    case rateLimited(retryAfterSeconds: Int)
    case csrfRejected
    case bodyTooLarge
    /// The assembly already has a channel of that name (ignoring case and spaces).
    case channelNameTaken(String)
    /// The proposal is closed, or its deadline has passed.
    case votingClosed
    /// A ballot that does not fit the proposal; the text says why.
    case invalidBallot(String)
    /// A member asked for a second token for a secret ballot.
    case tokenAlreadyTaken
    /// A secret ballot's token has cast its ballot already.
    case tokenAlreadyUsed
    /// A secret ballot's token is not signed by the proposal's key.
    case tokenNotSigned
}

/// Why an act is not allowed. The rules decide; the web layer says it in words.
public enum Forbidden: Sendable, Hashable {
    /// The assembly's rules say invites are made only by its decision.
    case invitesOnlyByDecision
    /// A first-person link was opened by someone already signed in.
    case firstPersonLinkWhileSignedIn
    /// Only a committee's delegates act in it; the assembly's other members read.
    case onlyDelegates
    /// Nobody joins a committee by invite: its assembly elects its delegates.
    case seatsOnlyByElection
    /// The assembly removed this supporter from the action.
    case removedSupporter
}
