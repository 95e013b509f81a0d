import WildcatDomain

/// Proposals in words: methods, thresholds offered, outcomes, ballots.
enum ProposalWords {
    /// Who proposed it: a member, or the platform opening a vote the rules call for.
    static func author(of proposal: Proposal) -> String {
        if let author = proposal.author { return author }
        switch proposal.draft.effect {
        case .ratifyDecision(let asked)?: return "the platform, for the council “\(asked.councilName)”"
        case .answerCall(let call)?: return "the platform, for “\(call.from)”'s solidarity call"
        default: return proposal.petition != nil ? "the platform, for a recall petition" : "a former member"
        }
    }

    static func method(_ method: DecisionMethod) -> String {
        switch method {
        case .yesno: return "Yes / no"
        case .consent: return "Consent (agree, abstain, disagree, block)"
        case .approval: return "Approval (mark every option you accept)"
        case .score: return "Score (0 to 5 for each option)"
        case .dot: return "Dot voting (share your dots among options)"
        case .irv: return "Ranked choice (instant runoff)"
        case .schulze: return "Condorcet (Schulze)"
        case .stv: return "Single transferable vote (elects several)"
        case .timepoll: return "Time poll (yes, if need be, no for each time)"
        }
    }

    /// What each method is for, in one line, for choosing one.
    static func use(_ method: DecisionMethod) -> String {
        switch method {
        case .yesno: return "Accept or reject one proposal, by a threshold you set."
        case .consent: return "Go ahead unless someone blocks; objections are heard first."
        case .approval: return "Pick among options: every option a member can live with counts."
        case .score: return "Rate each option 0 to 5; the highest mean wins."
        case .dot: return "Set priorities: members share a budget of dots among options."
        case .irv: return "Rank options; the least preferred drop out until one has a majority."
        case .schulze: return "Rank options; the one preferred to every other in head-to-head counts wins."
        case .stv: return "Elect several delegates in proportion to the members' rankings."
        case .timepoll: return "Find a time: yes, if need be, or no for each slot."
        }
    }

    /// The deadline presets the form offers, with their words.
    static let deadlines: [(preset: Deadline.Preset, label: String)] = [
        (.inTwoHours, "In 2 hours"),
        (.tonight, "Tonight at 21:00"),
        (.inThreeDays, "In 3 days"),
        (.custom, "At a date and time:"),
    ]

    /// Thresholds the form offers, in the notation `Threshold(parsing:)` reads.
    static let thresholds: [(value: String, label: String)] = [
        ("more than 1/2", "Simple majority (more than half)"),
        ("at least 2/3", "Two thirds (at least 2/3)"),
        ("at least 3/4", "Three quarters (at least 3/4)"),
        ("at least 1/1", "Unanimity of those voting"),
    ]

    static func outcome(_ decision: Decision) -> String {
        let turnout = "\(decision.participants) of \(decision.members) members voted"
        var text: String
        switch decision.outcome {
        case .passed: text = "Passed (\(turnout))."
        case .failed: text = "Did not pass (\(turnout))."
        case .decided: text = "Decided: \(decision.winners.joined(separator: ", ")) (\(turnout))."
        case .noQuorum: text = "No decision: the quorum was not reached (\(turnout))."
        }
        if let effect = decision.effect { text += " Carried out: \(EffectWords.outcome(effect))." }
        return text
    }

    static func ballot(_ ballot: Ballot) -> String {
        switch ballot {
        case .yesNo(let choice): return choice.rawValue
        case .consent(let position): return position.rawValue
        case .approval(let set): return set.isEmpty ? "approved none" : "approved " + set.sorted().joined(separator: ", ")
        case .score(let scores): return scores.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        case .dots(let dots): return dots.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        case .ranking(let ranking): return ranking.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: " ")
        case .timePoll(let marks): return marks.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value == .ifNeedBe ? "if need be" : $0.value.rawValue)" }.joined(separator: ", ")
        }
    }
}
