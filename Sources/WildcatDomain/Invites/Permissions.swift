/// Who may do what in an assembly, decided from its rules alone (there is no admin role).
public enum Permissions {
    /// May a member create an invite link directly? Never into a committee: its seats are
    /// filled only by the assembly's elections.
    public static func mayInvite(rules: AssemblyRules, kind: AssemblyKind) -> Bool {
        kind == .assembly && rules.whoMayInvite == .anyMember
    }

    /// What a person may do in an assembly or committee they can see.
    public enum Access: String, Sendable, Hashable {
        /// A member (in a committee: a delegate): everything members do.
        case member
        /// A member of the assembly that sent a committee's delegates: reads it, and its channel
        /// unless the assembly made the channel private; writes nothing there.
        case observer
    }

    /// May an observer read this committee's channel?
    public static func observerReadsChannel(of charter: Charter?) -> Bool {
        !(charter?.channelPrivate ?? false)
    }
}
