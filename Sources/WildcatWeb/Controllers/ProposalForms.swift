import Foundation
import WildcatDomain

/// Reads proposal drafts and ballots from forms. Option fields are named by position
/// (`rank_0`, `score_1`…), so option labels never have to be form field names.
enum ProposalForms {
    /// Thresholds offered by the form, by value.
    static let thresholds: [(value: String, label: String, threshold: Threshold)] = [
        ("1/2-moreThan", "Simple majority (more than half)", Threshold(Fraction(1, 2)!, .moreThan)),
        ("2/3-atLeast", "Two thirds (at least 2/3)", Threshold(Fraction(2, 3)!, .atLeast)),
        ("3/4-atLeast", "Three quarters (at least 3/4)", Threshold(Fraction(3, 4)!, .atLeast)),
        ("1/1-atLeast", "Unanimity of those voting", Threshold(Fraction(1, 1)!, .atLeast)),
    ]

    static func draft(_ form: FormBody, rules: AssemblyRules, members: [Member], now: Date) throws(InputError) -> ProposalDraft {
        guard let method = DecisionMethod(rawValue: form.text("method")) else { throw InputError(field: "method", "Choose how to decide.") }
        let threshold: Threshold
        if let choice = form["threshold"], !choice.isEmpty, choice != "default" {
            guard let known = thresholds.first(where: { $0.value == choice }) else { throw InputError(field: "threshold", "Choose a threshold from the list.") }
            threshold = known.threshold
        } else {
            threshold = rules.defaultThreshold
        }
        let quorum: Quorum
        switch form["quorumKind"] ?? "default" {
        case "share":
            guard let share = Fraction(parsing: form.text("quorumValue").trimmingCharacters(in: .whitespaces)) else {
                throw InputError(field: "quorum", "Write the quorum as a share such as 1/4.")
            }
            quorum = .share(share)
        case "voters":
            guard let n = try form.integer("quorumValue"), n >= 0 else { throw InputError(field: "quorum", "Write the quorum as a number of voters.") }
            quorum = .voters(n)
        default:
            quorum = rules.defaultQuorum
        }
        guard let minutes = try form.integer("closesInMinutes") else { throw InputError(field: "closesInMinutes", "Say when voting closes.") }
        let options = form.text("options").split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let effect = try self.effect(form, rules: rules, members: members)
        return try ProposalDraft(
            title: form.text("title"), body: form.text("body"), method: method, options: options,
            seats: try form.integer("seats") ?? 1, threshold: threshold, abstentionsCount: form["abstentionsCount"] == "on",
            quorum: quorum, dotBudget: try form.integer("dotBudget") ?? 5, secret: form["secret"] == "on",
            resultsLive: form["resultsLive"] == "on", closesAt: now.addingTimeInterval(TimeInterval(minutes) * 60), effect: effect
        ).validated(now: now)
    }

    private static func effect(_ form: FormBody, rules: AssemblyRules, members: [Member]) throws(InputError) -> Effect? {
        switch form["effect"] ?? "none" {
        case "none", "": return nil
        case "rules":
            var changed = rules
            if let days = try form.integer("retentionDays") { changed.retentionDays = days }
            if let hours = try form.integer("inviteExpiryHours") { changed.inviteExpiryHours = hours }
            if let who = form["whoMayInvite"], let permission = AssemblyRules.InvitePermission(rawValue: who) { changed.whoMayInvite = permission }
            if let choice = form["defaultThreshold"], let known = thresholds.first(where: { $0.value == choice }) { changed.defaultThreshold = known.threshold }
            if let text = form["defaultQuorum"], !text.isEmpty {
                guard let share = Fraction(parsing: text.trimmingCharacters(in: .whitespaces)) else { throw InputError(field: "defaultQuorum", "Write the default quorum as a share such as 1/4.") }
                changed.defaultQuorum = .share(share)
            }
            guard changed != rules else { throw InputError(field: "effect", "The proposed rules are the same as the current ones.") }
            return .changeRules(changed)
        case "rename":
            return .renameAssembly(form.text("newName"))
        case "remove":
            guard let member = members.first(where: { $0.accountID.rawValue == form.text("member") }) else {
                throw InputError(field: "member", "Choose the member to remove.")
            }
            return .removeMember(member.accountID, pseudonym: member.pseudonym)
        case "admit":
            return .admitPerson(invite: ID("pending"), description: form.text("admitWho"))
        default:
            throw InputError(field: "effect", "Choose what the decision does.")
        }
    }

    /// The ballot in a vote form for this proposal.
    static func ballot(_ form: FormBody, for draft: ProposalDraft) throws(InputError) -> Ballot {
        let indexed = Array(draft.options.enumerated())
        switch draft.method {
        case .yesno:
            guard let choice = YesNoChoice(rawValue: form.text("choice")) else { throw InputError(field: "choice", "Choose yes, no or abstain.") }
            return .yesNo(choice)
        case .consent:
            guard let position = ConsentPosition(rawValue: form.text("position")) else { throw InputError(field: "position", "Choose agree, abstain, disagree or block.") }
            return .consent(position)
        case .approval:
            return .approval(Set(indexed.filter { form["approve_\($0.offset)"] == "on" }.map(\.element)))
        case .score:
            var scores: [String: Int] = [:]
            for (i, option) in indexed { if let n = try form.integer("score_\(i)") { scores[option] = n } }
            return .score(scores)
        case .dot:
            var dots: [String: Int] = [:]
            for (i, option) in indexed { if let n = try form.integer("dots_\(i)"), n != 0 { dots[option] = n } }
            return .dots(dots)
        case .irv, .schulze, .stv:
            var ranks: [(Int, String)] = []
            for (i, option) in indexed { if let n = try form.integer("rank_\(i)") { ranks.append((n, option)) } }
            guard Set(ranks.map(\.0)).count == ranks.count else { throw InputError(field: "ranking", "Give each option a different rank, or leave it blank.") }
            guard !ranks.isEmpty else { throw InputError(field: "ranking", "Rank at least one option (1 for your first choice).") }
            return .ranking(ranks.sorted { $0.0 < $1.0 }.map(\.1))
        case .timepoll:
            var marks: [String: Availability] = [:]
            for (i, option) in indexed { marks[option] = Availability(rawValue: form.text("slot_\(i)")) ?? .no }
            return .timePoll(marks)
        }
    }
}
