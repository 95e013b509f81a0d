import WildcatDomain

/// The audit log in words: one sentence per fact.
enum AuditWords {
    static func sentence(_ entry: AuditEntry) -> String {
        let who: String
        switch entry.actor {
        case .member(let name): who = name
        case .operator: who = "The server operator"
        case .assembly: who = "The assembly"
        case .formerMember: who = "A member who has since deleted their account"
        }
        switch entry.fact {
        case .assemblyFounded(let name):
            return "\(who) founded the assembly “\(name)”."
        case .inviteCreated(let maxUses, _):
            let uses = maxUses.map { $0 == 1 ? "one person" : "up to \($0) people" } ?? "any number of people"
            return "\(who) created an invite link for \(uses)."
        case .inviteRevoked:
            return "\(who) withdrew an invite link."
        case .memberJoined(let byOperator):
            if byOperator { return "\(who) joined, invited by the server operator." }
            return "\(who) joined, invited by \(entry.subject ?? "a member who has since deleted their account")."
        case .memberLeft:
            return "\(who) left."
        case .accountDeleted:
            return "A member deleted their account and left."
        case .proposalMade(_, let title, let effect):
            return "\(who) proposed “\(title)”." + (effect.map { " It \(EffectWords.summary($0)) if it passes." } ?? "")
        case .proposalClosed(_, let title, let outcome, let winners, _):
            let verb: String
            switch outcome {
            case .passed: verb = "passed"
            case .failed: verb = "did not pass"
            case .decided: verb = "was decided"
            case .noQuorum: verb = "did not reach quorum"
            }
            return "The proposal “\(title)” \(verb)." + (winners.isEmpty ? "" : " Chosen: \(winners.joined(separator: ", ")).")
        case .rulesChanged(_, let from, let to):
            guard let from, let to else { return "By decision of the assembly, the rules changed." }
            return "By decision of the assembly, the rules changed: \(RuleWords.change(from: from, to: to))."
        case .assemblyRenamed(_, _, let to):
            return "By decision of the assembly, it is now called “\(to)”."
        case .memberRemoved(_, let pseudonym):
            return "By decision of the assembly, \(pseudonym) was removed."
        case .committeeCreated(_, let name, let charter):
            return "By decision of the assembly, the committee “\(name)” was set up, with \(CommitteeWords.seats(charter.seats))."
        case .delegatesElected(_, let committee, let pseudonyms):
            return pseudonyms.isEmpty ? "An election to “\(committee)” seated nobody." : "Elected to “\(committee)”: \(pseudonyms.joined(separator: ", "))."
        case .delegateRecalled(_, let committee, let pseudonym):
            return "By decision of the assembly, \(pseudonym) was recalled from “\(committee)”."
        case .mandateChanged(_, let committee, let pseudonym):
            return "By decision of the assembly, \(pseudonym)'s mandate on “\(committee)” changed."
        case .recallPetitionOpened(let committee, let pseudonym):
            return "\(who) opened a petition to recall \(pseudonym) from “\(committee)”."
        case .delegateSeated(let assembly, _):
            return "\(entry.subject ?? "A delegate") took a seat, elected by \(assembly)."
        case .delegateUnseated(let assembly, let recalled, let termEnded):
            let who = entry.subject ?? "A delegate"
            if recalled { return "\(who) was recalled by \(assembly)." }
            if termEnded == true { return "\(who)'s term ended: the seat \(assembly) filled is vacant until it elects again." }
            return "\(who) left the seat \(assembly) had filled."
        case .councilJoined(_, let council, let founded):
            return founded ? "By decision of the assembly, it founded the council “\(council)”." : "The council “\(council)” admitted the assembly, by its delegates' decision."
        case .councilJoinAsked(_, let council):
            return "By decision of the assembly, it asked to join the council “\(council)”; the council's delegates decide."
        case .councilRefused(let council):
            return "The delegates of the council “\(council)” did not admit the assembly."
        case .councilLeft(_, let council):
            return "By decision of the assembly, it left the council “\(council)”."
        case .councilMembership(let assembly, let joined):
            return joined ? "\(assembly) joined the council, by its own decision." : "\(assembly) left the council, by its own decision."
        case .ratificationDecided(_, let ratified):
            return ratified ? "Its assemblies ratified a decision: it takes effect." : "Its assemblies did not ratify a decision: it does not take effect."
        case .solidarityCallSent(_, let to, let what):
            return "By decision of the assembly, it sent a solidarity call to “\(to)”: \(what)."
        case .solidarityCallAnswered(_, let from, let answer):
            return "By decision of the assembly, it answered “\(from)”'s solidarity call: " + (answer.map(SolidarityWords.answer) ?? "no answer") + "."
        }
    }
}
