/// Something that happened, delivered live to the members entitled to see it and kept for a
/// while so a reconnecting page can catch up from the last event it saw.
public struct LiveEvent: Sendable, Hashable {
    /// What happened, as a fact; the web layer decides how a page shows it.
    public enum Payload: Sendable, Hashable {
        /// A message was posted, edited or deleted: its current state.
        case message(Message)
        case channelCreated(ID<Channel>, name: String)
        case memberJoined(ID<Account>)
        case memberLeft(ID<Account>)
        /// A member was mentioned in a message: only they receive it.
        case mention(of: ID<Account>, message: ID<Message>, channel: ID<Channel>, by: String)
        /// A proposal was made or closed.
        case proposal(ID<Proposal>, ProposalStatus)
        /// A recall petition has this many signatures now.
        case petition(ID<RecallPetition>, signatures: Int)
        /// Who reads the assembly changed (an assembly joined or left its council): its pages
        /// reconnect, and caches forget it.
        case observersChanged
        /// An urgent vote opened: every member's open pages show an alert.
        /// The title travels only if the assembly's rules let alerts name it.
        case urgentVote(ID<Proposal>, title: String?)
        /// A pledge was made, or its count or state changed: members see the count, never who.
        case pledge(ID<Pledge>, count: Int, state: Pledge.State)
        /// A pledge reached its threshold: only its pledgers receive this, and learn who pledged.
        case pledgeReached(ID<Pledge>, pledgers: Set<ID<Account>>)
        /// An action's board, rota, tasks, check-ins or supporters changed: open pages of it refresh them.
        case actionBoard(ID<Action>)
        /// A message's reactions changed: their counts now (`mine` is false: frames are shared).
        case reactions(ID<Message>, channel: ID<Channel>, [ReactionCount])
        /// A direct message was sent or deleted: only its two members receive it.
        case direct(DirectMessage)
    }

    public enum ProposalStatus: String, Sendable, Hashable, Codable { case open, closed }

    public let id: Int64
    public let assemblyID: ID<Assembly>
    public let payload: Payload

    public init(id: Int64, assemblyID: ID<Assembly>, payload: Payload) {
        self.id = id
        self.assemblyID = assemblyID
        self.payload = payload
    }

    /// Who may receive this event.
    public enum Audience: Sendable, Hashable {
        /// Every current member of the assembly.
        case members(ID<Assembly>)
        /// One member of the assembly only.
        case member(ID<Assembly>, ID<Account>)
        /// These members of the assembly only.
        case some(ID<Assembly>, Set<ID<Account>>)
    }

    public var audience: Audience {
        if case .mention(let account, _, _, _) = payload { return .member(assemblyID, account) }
        if case .pledgeReached(_, let pledgers) = payload { return .some(assemblyID, pledgers) }
        if case .direct(let message) = payload { return .some(assemblyID, Set(message.between)) }
        return .members(assemblyID)
    }

    /// Whether an account with these memberships may receive the event.
    public func isVisible(to account: ID<Account>, memberOf assemblies: Set<ID<Assembly>>) -> Bool {
        switch audience {
        case .members(let assembly): return assemblies.contains(assembly)
        case .member(let assembly, let member): return member == account && assemblies.contains(assembly)
        case .some(let assembly, let members): return members.contains(account) && assemblies.contains(assembly)
        }
    }

    /// The channel the event concerns, if any.
    public var channelID: ID<Channel>? {
        switch payload {
        case .message(let message): return message.channelID
        case .channelCreated(let channel, _): return channel
        case .mention(_, _, let channel, _): return channel
        case .reactions(_, let channel, _): return channel
        case .memberJoined, .memberLeft, .proposal, .petition, .observersChanged, .urgentVote, .pledge, .pledgeReached, .actionBoard, .direct: return nil
        }
    }
}
