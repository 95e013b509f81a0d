import WildcatDomain

/// A ballot as the vote form sends it. Options are named by position (`rank[o0]`, `score[o2]`;
/// a bare number would make the form decoder read an array),
/// so option labels, which are any text, never have to be field names; the API names them
/// instead (`Ballot`'s JSON).
struct BallotForm: Decodable, Sendable {
    var choice: YesNoChoice?
    var position: ConsentPosition?
    var approve: [String: Bool]?
    var score: [String: Int]?
    var dots: [String: Int]?
    var rank: [String: Int]?
    var slot: [String: Availability]?

    /// The field key of the option at `index`.
    static func key(_ index: Int) -> String { "o\(index)" }

    /// The ballot for this proposal's method and options.
    func ballot(for draft: ProposalDraft) throws(InputError) -> Ballot {
        let indexed = Array(draft.options.enumerated())
        func value<T>(_ map: [String: T]?, _ index: Int) -> T? { map?[Self.key(index)] }
        switch draft.method {
        case .yesno:
            guard let choice else { throw InputError(field: "choice", "Choose yes, no or abstain.") }
            return .yesNo(choice)
        case .consent:
            guard let position else { throw InputError(field: "position", "Choose agree, abstain, disagree or block.") }
            return .consent(position)
        case .approval:
            return .approval(Set(indexed.filter { value(approve, $0.offset) == true }.map(\.element)))
        case .score:
            return .score(Dictionary(uniqueKeysWithValues: indexed.compactMap { i, option in value(score, i).map { (option, $0) } }))
        case .dot:
            return .dots(Dictionary(uniqueKeysWithValues: indexed.compactMap { i, option in value(dots, i).flatMap { $0 == 0 ? nil : (option, $0) } }))
        case .irv, .schulze, .stv:
            let ranks = indexed.compactMap { i, option in value(rank, i).map { ($0, option) } }
            guard Set(ranks.map(\.0)).count == ranks.count else { throw InputError(field: "ranking", "Give each option a different rank, or leave it blank.") }
            guard !ranks.isEmpty else { throw InputError(field: "ranking", "Rank at least one option (1 for your first choice).") }
            return .ranking(ranks.sorted { $0.0 < $1.0 }.map(\.1))
        case .timepoll:
            return .timePoll(Dictionary(uniqueKeysWithValues: indexed.map { i, option in (option, value(slot, i) ?? .no) }))
        }
    }
}
