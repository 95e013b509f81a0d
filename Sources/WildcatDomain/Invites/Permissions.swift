/// Who may do what in an assembly, decided from its rules alone (there is no admin role).
public enum Permissions {
    /// May a member create an invite link directly?
    public static func mayInvite(rules: AssemblyRules) -> Bool {
        rules.whoMayInvite == .anyMember
    }
}
