/// Exact tallies for every decision method: integers and fractions, never floating point.
public enum Tally {
    /// Checks one ballot against the election's method and options.
    public static func validate(_ ballot: Ballot, for election: Election) throws(TallyError) {
        try validate(ballot, for: election, known: Set(election.options))
    }

    /// `known`: the election's options, made into a set once for all its ballots.
    private static func validate(_ ballot: Ballot, for election: Election, known: Set<String>) throws(TallyError) {
        func check(_ options: some Collection<String>) throws(TallyError) {
            for option in options where !known.contains(option) { throw TallyError("unknown option \"\(option)\"") }
        }
        switch (election.method, ballot) {
        case (.yesno, .yesNo), (.consent, .consent):
            return
        case (.approval, .approval(let approved)):
            try check(approved)
        case (.score, .score(let scores)):
            try check(scores.keys)
            for (option, score) in scores where !(0...5).contains(score) {
                throw TallyError("the score for \"\(option)\" must be 0 to 5")
            }
        case (.dot, .dots(let dots)):
            try check(dots.keys)
            if dots.values.contains(where: { $0 < 0 }) { throw TallyError("dots cannot be negative") }
            let total = dots.values.reduce(0, +)
            if total > election.dotBudget { throw TallyError("\(total) dots is over the budget of \(election.dotBudget)") }
        case (.irv, .ranking(let ranking)), (.schulze, .ranking(let ranking)), (.stv, .ranking(let ranking)):
            try check(ranking)
            if Set(ranking).count != ranking.count { throw TallyError("a ranking names an option twice") }
        case (.timepoll, .timePoll(let slots)):
            try check(slots.keys)
        default:
            throw TallyError("this ballot does not fit a \(election.method.rawValue) vote")
        }
    }

    /// Checks the election's parameters and every ballot, then counts.
    public static func tally(_ election: Election) throws(TallyError) -> TallyResult {
        if election.method.choosesOptions {
            guard !election.options.isEmpty else { throw TallyError("a \(election.method.rawValue) vote needs options") }
            guard Set(election.options).count == election.options.count else { throw TallyError("options must be distinct") }
        }
        if election.method == .stv, !(1...max(1, election.options.count)).contains(election.seats) {
            throw TallyError("seats must be 1 to the number of candidates")
        }
        // Schulze and STV check their rankings as they read them (`Rankings`), in the same order
        // and words, so that a million ballots are read once.
        if election.method != .schulze && election.method != .stv {
            let known = Set(election.options)
            for (ballot, count) in election.ballots {
                guard count >= 0 else { throw TallyError("a ballot count cannot be negative") }
                try validate(ballot, for: election, known: known)
            }
        }
        var draw = TieBreak(seed: election.tieSeed)
        switch election.method {
        case .yesno: return motion(election, consent: false)
        case .consent: return motion(election, consent: true)
        case .approval, .score, .dot: return counts(election, draw: &draw)
        case .irv: return InstantRunoff.count(election, draw: &draw)
        case .schulze: return try Schulze.count(election, draw: &draw)
        case .stv: return try ScottishSTV.count(election, draw: &draw)
        case .timepoll: return timePoll(election, draw: &draw)
        }
    }

    // MARK: Motions

    private static func motion(_ election: Election, consent: Bool) -> TallyResult {
        var counts: [String: Int] = [:]
        for (ballot, count) in election.ballots {
            switch ballot {
            case .yesNo(let choice): counts[choice.rawValue, default: 0] += count
            case .consent(let position): counts[position.rawValue, default: 0] += count
            default: break
            }
        }
        let favour = counts[consent ? "agree" : "yes", default: 0]
        let against = counts[consent ? "disagree" : "no", default: 0]
        let abstain = counts["abstain", default: 0]
        let blocked = consent && counts["block", default: 0] > 0
        let denominator = favour + against + (election.abstentionsCount ? abstain : 0)
        let passed = !blocked && election.threshold.isMet(count: favour, of: denominator)
        let keys = consent ? ConsentPosition.allCases.map(\.rawValue) : YesNoChoice.allCases.map(\.rawValue)
        for key in keys where counts[key] == nil { counts[key] = 0 }
        return TallyResult(method: election.method, passed: passed, winners: [], ranking: [], tie: false,
                           working: .motion(MotionWorking(counts: counts, denominator: denominator,
                                                          threshold: election.threshold.description, blocked: blocked)))
    }

    // MARK: Approval, score, dots

    private static func counts(_ election: Election, draw: inout TieBreak) -> TallyResult {
        var totals = Dictionary(uniqueKeysWithValues: election.options.map { ($0, 0) })
        for (ballot, count) in election.ballots {
            switch ballot {
            case .approval(let approved): for option in approved { totals[option, default: 0] += count }
            case .score(let scores): for (option, score) in scores { totals[option, default: 0] += score * count }
            case .dots(let dots): for (option, n) in dots { totals[option, default: 0] += n * count }
            default: break
            }
        }
        let ballots = election.participants
        let (ranking, tie) = order(election.options, by: totals, draw: &draw)
        let means = election.method == .score ? totals.mapValues { "\($0)/\(ballots)" } : nil
        return TallyResult(method: election.method, passed: nil, winners: ballots > 0 ? [ranking[0]] : [], ranking: ballots > 0 ? ranking : [],
                           tie: tie, working: .counts(CountsWorking(totals: totals, means: means, ballots: ballots)))
    }

    /// Options from highest to lowest total; a tie at the top is drawn. Lower places that tie
    /// keep the options' given order (they decide nothing).
    static func order(_ options: [String], by totals: [String: Int], draw: inout TieBreak) -> ([String], Bool) {
        var ranking = options.enumerated().sorted { a, b in
            let (x, y) = (totals[a.element, default: 0], totals[b.element, default: 0])
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        guard let best = ranking.first.map({ totals[$0, default: 0] }) else { return ([], false) }
        let top = ranking.filter { totals[$0, default: 0] == best }
        guard top.count > 1 else { return (ranking, false) }
        let winner = draw.draw(top)
        ranking.removeAll { $0 == winner }
        ranking.insert(winner, at: 0)
        return (ranking, true)
    }

    // MARK: Time poll

    private static func timePoll(_ election: Election, draw: inout TieBreak) -> TallyResult {
        var slots = Dictionary(uniqueKeysWithValues: election.options.map { ($0, (yes: 0, ifNeedBe: 0, no: 0)) })
        for (ballot, count) in election.ballots {
            guard case .timePoll(let marks) = ballot else { continue }
            for option in election.options {
                switch marks[option] ?? .no {
                case .yes: slots[option]!.yes += count
                case .ifNeedBe: slots[option]!.ifNeedBe += count
                case .no: slots[option]!.no += count
                }
            }
        }
        // Most people able to come; among those, most who prefer it; then the draw.
        let key = { (slot: String) -> (Int, Int) in let s = slots[slot]!; return (s.yes + s.ifNeedBe, s.yes) }
        var ranking = election.options.enumerated().sorted { a, b in
            let (x, y) = (key(a.element), key(b.element))
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
        var tie = false
        if let first = ranking.first {
            let top = ranking.filter { key($0) == key(first) }
            if top.count > 1 {
                let winner = draw.draw(top)
                ranking.removeAll { $0 == winner }
                ranking.insert(winner, at: 0)
                tie = true
            }
        }
        let participants = election.participants
        return TallyResult(method: .timepoll, passed: nil, winners: participants > 0 ? [ranking[0]] : [], ranking: participants > 0 ? ranking : [],
                           tie: tie, working: .timePoll(TimePollWorking(slots: slots.mapValues { .init(yes: $0.yes, ifNeedBe: $0.ifNeedBe, no: $0.no) })))
    }
}
