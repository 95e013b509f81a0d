/// What an effect did when its proposal closed, as a fact. Older records may lack a value
/// (nil) that newer ones always have.
public enum EffectOutcome: Sendable, Hashable, Codable {
    case rulesChanged(from: AssemblyRules?, to: AssemblyRules?)
    case renamed(from: String?, to: String)
    case memberRemoved(pseudonym: String)
    /// The member left before the decision could remove them.
    case memberHadLeft(pseudonym: String)
    /// The held invite now admits the person.
    case admissionOpened(description: String)
    /// The decision did not pass: the held invite is withdrawn.
    case admissionWithdrawn(description: String?)
    case committeeCreated(name: String)
    /// The winners who took a seat (none when nobody could).
    case delegatesElected(committee: String, pseudonyms: [String])
    case delegateRecalled(committee: String, pseudonym: String)
    /// The delegate no longer held the seat when the recall closed.
    case delegateHadLeft(committee: String, pseudonym: String)
    case mandateChanged(committee: String, pseudonym: String)
    case councilFounded(name: String)
    case councilJoined(council: String)
    /// The assembly asked to join; the council's delegates decide.
    case councilJoinAsked(council: String)
    /// In the council: the assembly was admitted, or not.
    case assemblyAdmitted(name: String, admitted: Bool)
    case councilLeft(council: String)
    /// This assembly's answer to a council decision sent for ratification.
    case ratification(council: String, title: String, ratified: Bool)
    case callSent(to: String)
    /// nil: the assembly decided no answer (no quorum).
    case callAnswered(from: String, answer: SolidarityCall.Answer?)
    case actionDecided(title: String, ActionDecision)
    case demandDecided(text: String, status: Demand.Status)
}
