import WildcatDomain

/// Effects in words: what one will do (before the vote) and what it did (after).
enum EffectWords {
    /// Completes "The platform …" / "It … if it passes".
    static func summary(_ summary: EffectSummary) -> String {
        switch summary {
        case .changeRules(let from, let to): return "changes the assembly's rules: " + RuleWords.change(from: from, to: to)
        case .renameAssembly(let name?): return "renames the assembly to “\(name)”"
        case .renameAssembly(nil): return "renames the assembly to the chosen name"
        case .removeMember(let pseudonym): return "removes \(pseudonym) from the assembly"
        case .admitPerson(let description): return "admits \(description)"
        }
    }

    /// Completes "Carried out: …".
    static func outcome(_ outcome: EffectOutcome) -> String {
        switch outcome {
        case .rulesChanged(let from?, let to?): return "the rules changed: " + RuleWords.change(from: from, to: to)
        case .rulesChanged: return "the rules changed"
        case .renamed(_, let to): return "renamed to \(to)"
        case .memberRemoved(let pseudonym): return "\(pseudonym) removed"
        case .memberHadLeft(let pseudonym): return "\(pseudonym) had already left"
        case .admissionOpened(let description): return "the invite for \(description) now works"
        case .admissionWithdrawn: return "the invite was withdrawn"
        }
    }
}
