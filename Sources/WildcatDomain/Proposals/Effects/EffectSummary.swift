/// What an effect will do, as a fact members read before they vote (and the log keeps).
public enum EffectSummary: Sendable, Hashable, Codable {
    case changeRules(from: AssemblyRules, to: AssemblyRules)
    /// To `name`, or, for a choice among names, to the winning one (nil).
    case renameAssembly(to: String?)
    case removeMember(pseudonym: String)
    case admitPerson(description: String)
}
