/// The kinds of privileged act that the audit log records. Every member can read the log.
public enum AuditKind: String, Sendable, Codable, CaseIterable {
    case assemblyCreated
    case inviteCreated
    case inviteRevoked
    case memberJoined
    case memberLeft
    case rulesChanged
    case proposalCreated
    case proposalClosed
    case assemblyRenamed
    case memberRemoved
}
