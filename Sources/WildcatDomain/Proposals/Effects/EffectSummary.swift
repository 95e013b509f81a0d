/// What an effect will do, as a fact members read before they vote (and the log keeps).
public enum EffectSummary: Sendable, Hashable, Codable {
    case changeRules(from: AssemblyRules, to: AssemblyRules)
    /// To `name`, or, for a choice among names, to the winning one (nil).
    case renameAssembly(to: String?)
    case removeMember(pseudonym: String)
    case admitPerson(description: String)
    case createCommittee(name: String, charter: Charter)
    /// Seats filled by the winners (nil: as many as the election fills).
    case electDelegates(committee: String, seats: Int?)
    case recallDelegate(committee: String, pseudonym: String)
    case changeMandate(committee: String, pseudonym: String, mandate: String)
    case foundCouncil(name: String, charter: Charter)
    case joinCouncil(council: String)
    case leaveCouncil(council: String)
    case ratify(council: String, title: String)
    case sendCall(to: String, council: Bool, what: String)
    case answerCall(from: String, what: String)
    case admitAssembly(name: String, members: Int)
    case decideAction(title: String, ActionDecision)
    case decideDemand(text: String, status: Demand.Status)
}
