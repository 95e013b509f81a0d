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
            let held = [CommitteeWords.seats(charter.seats), CommitteeWords.term(charter.termDays), CommitteeWords.rotation(charter.maxTerms)].compactMap { $0 }
            let channel = charter.channelPrivate ? "read by its delegates only" : "read by every member"
            return "sets up the committee “\(name)”: \(held.joined(separator: ", ")), its channel \(channel); mandate: \(charter.mandate)"
        case .electDelegates(let committee, _): return "seats the winners on “\(committee)”"
        case .recallDelegate(let committee, let pseudonym): return "recalls \(pseudonym) from “\(committee)”"
        case .changeMandate(let committee, let pseudonym, let mandate): return "gives \(pseudonym) on “\(committee)” this mandate: \(mandate)"
        case .foundCouncil(let name, let charter):
            let sends = charter.seats == 1 ? "1 delegate" : "\(charter.seats) delegates"
            let votes = charter.weighting == .byMembers ? "whose votes carry the members they represent" : "one vote each"
            let held = [sends, votes, CommitteeWords.term(charter.termDays), CommitteeWords.rotation(charter.maxTerms)].compactMap { $0 }
            return "founds the council “\(name)” with this assembly as its first member: each member assembly sends \(held.joined(separator: ", ")); mandate: \(charter.mandate)"
        case .joinCouncil(let council): return "asks to join the council “\(council)”, whose delegates then decide whether to admit the assembly"
        case .leaveCouncil(let council): return "leaves the council “\(council)”, and its delegates there lose their seats"
        case .ratify(let council, let title): return "ratifies the council “\(council)”'s decision “\(title)”"
        case .sendCall(let to, let council, let what):
            return "sends a solidarity call to " + (council ? "every assembly of the council “\(to)”" : "the assembly “\(to)”") + ": \(what); each answers by its own decision"
        case .admitAssembly(let name, let members):
            return "admits “\(name)” (\(members == 1 ? "1 member" : "\(members) members")) as a member assembly of this council"
        case .answerCall(let from, let what): return "answers “\(from)”'s solidarity call (\(what)) with the most approved answer"
        case .decideAction(let title, .call): return "calls the action “\(title)”: it goes on every member's calendar and its rota opens"
        case .decideAction(let title, .publish): return "publishes the action “\(title)” at a public address for supporters to sign up"
        case .decideAction(let title, .callOff): return "calls off the action “\(title)”, and takes down its public page"
        case .decideDemand(let text, let status): return "records the demand “\(text)” as \(status.rawValue)"
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
        case .councilFounded(let name): return "the council “\(name)” is founded"
        case .councilJoined(let council): return "the assembly joined “\(council)”"
        case .councilJoinAsked(let council): return "the assembly asked to join “\(council)”; its delegates decide"
        case .assemblyAdmitted(let name, let admitted): return admitted ? "“\(name)” is a member assembly now" : "“\(name)” was not admitted"
        case .councilLeft(let council): return "the assembly left “\(council)”"
        case .ratification(let council, let title, let ratified):
            return ratified ? "“\(council)”'s decision “\(title)” is ratified by this assembly" : "this assembly did not ratify “\(council)”'s decision “\(title)”"
        case .callSent(let to): return "the solidarity call went to “\(to)”"
        case .callAnswered(let from, let answer?): return "the assembly answered “\(from)”'s call: \(SolidarityWords.answer(answer))"
        case .callAnswered(let from, nil): return "the assembly gave “\(from)”'s call no answer"
        case .actionDecided(let title, .call): return "the action “\(title)” is called"
        case .actionDecided(let title, .publish): return "the action “\(title)” has its public page"
        case .actionDecided(let title, .callOff): return "the action “\(title)” is called off"
        case .demandDecided(let text, let status): return "the demand “\(text)” is \(status.rawValue)"
        }
    }
}
