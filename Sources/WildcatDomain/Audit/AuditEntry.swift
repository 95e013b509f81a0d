import Foundation

/// One line of an assembly's audit log, as members read it.
public struct AuditEntry: Sendable, Hashable {
    /// Who acted, as members see them now.
    public enum ActorName: Sendable, Hashable {
        case member(String)
        /// A member whose account has since been deleted.
        case formerMember
        case `operator`
        case assembly
    }

    /// Random: nothing can be counted from it.
    public let id: ID<AuditEntry>
    public let at: Date
    public let actor: ActorName
    /// The pseudonym of the member the act concerns (an inviter, a removed member), if any.
    public let subject: String?
    public let fact: AuditFact

    public init(id: ID<AuditEntry>, at: Date, actor: ActorName, subject: String?, fact: AuditFact) {
        self.id = id
        self.at = at
        self.actor = actor
        self.subject = subject
        self.fact = fact
    }
}
