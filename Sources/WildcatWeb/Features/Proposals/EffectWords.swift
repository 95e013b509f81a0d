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
        case .createCommittee(let name, let charter):
            return "sets up the committee “\(name)”: \(CommitteeWords.seats(charter.seats)), \(CommitteeWords.term(charter.termDays)), its channel "
                + (charter.channelPrivate ? "read by its delegates only" : "read by every member") + "; mandate: \(charter.mandate)"
        case .electDelegates(let committee, _): return "seats the winners on “\(committee)”"
        case .recallDelegate(let committee, let pseudonym): return "recalls \(pseudonym) from “\(committee)”"
        case .changeMandate(let committee, let pseudonym, let mandate): return "gives \(pseudonym) on “\(committee)” this mandate: \(mandate)"
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
        case .committeeCreated(let name): return "the committee “\(name)” is set up"
        case .delegatesElected(let committee, let pseudonyms):
            return pseudonyms.isEmpty ? "no seat on “\(committee)” was filled" : "\(pseudonyms.joined(separator: ", ")) seated on “\(committee)”"
        case .delegateRecalled(let committee, let pseudonym): return "\(pseudonym) recalled from “\(committee)”"
        case .delegateHadLeft(let committee, let pseudonym): return "\(pseudonym) no longer held a seat on “\(committee)”"
        case .mandateChanged(let committee, let pseudonym): return "\(pseudonym)'s mandate on “\(committee)” changed"
        }
    }
}
