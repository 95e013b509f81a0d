import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Proposals: list, draft, vote, and the result with its working.
struct ProposalPages {
    let environment: WebEnvironment
    var actions: Actions { Actions(environment: environment) }
    var store: Store { environment.store }
    var pages: Pages { environment.pages }

    func addRoutes(assembly: RouterGroup<AssemblyContext>) {
        assembly.get("/p", use: list)
        assembly.get("/p/new", use: newPage)
        assembly.post("/p", use: create)
        assembly.get("/p/{proposal}", use: show)
        assembly.post("/p/{proposal}/vote", use: vote)
    }

    @Sendable func list(_ request: Request, context: AssemblyContext) async throws -> Response {
        let proposals = try await store.proposals(in: context.assembly.id)
        let items = proposals.map { ProposalListView.Item($0, assembly: context.assembly.id.rawValue) }
        return pages.render("proposals", ProposalListView(me: context.account.pseudonym, csrf: context.csrfToken, assemblyID: context.assembly.id.rawValue,
                                                          assemblyName: context.assembly.name, proposals: items, hasProposals: !items.isEmpty))
    }

    @Sendable func newPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderNew(context: context, form: nil, error: nil, status: .ok)
    }

    private func renderNew(context: AssemblyContext, form: FormBody?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let members = try await store.members(of: context.assembly.id)
        let rules = context.assembly.rules
        let view = ProposalFormView(
            me: context.account.pseudonym, csrf: context.csrfToken, assemblyID: context.assembly.id.rawValue, assemblyName: context.assembly.name,
            title: form?.text("title") ?? "", body: form?.text("body") ?? "", options: form?.text("options") ?? "",
            methods: DecisionMethod.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: (form?["method"] ?? "yesno") == $0.rawValue) },
            thresholds: [.init(value: "default", label: "The assembly's default (\(rules.defaultThreshold))", selected: true)]
                + ProposalForms.thresholds.map { .init(value: $0.value, label: $0.label, selected: false) },
            defaultQuorum: rules.defaultQuorum.description, closesInMinutes: form?.text("closesInMinutes") ?? "1440",
            members: members.filter { $0.accountID != context.account.id }.map { .init(value: $0.accountID.rawValue, label: $0.pseudonym, selected: false) },
            retentionDays: rules.retentionDays, inviteExpiryHours: rules.inviteExpiryHours,
            invitePermissions: AssemblyRules.InvitePermission.allCases.map {
                .init(value: $0.rawValue, label: $0 == .anyMember ? "Any member" : "Only by a decision", selected: $0 == rules.whoMayInvite)
            },
            error: error)
        return pages.render("proposal-new", view, status: status)
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        do {
            let members = try await store.members(of: context.assembly.id)
            let draft = try ProposalForms.draft(form, rules: context.assembly.rules, members: members, now: Date())
            let (proposal, invite) = try await actions.propose(draft, in: context.assembly, by: context.account)
            if let invite {
                // The admission invite is shown once, to the member who proposed it.
                return pages.render("message", MessageView(
                    me: context.account.pseudonym, csrf: context.csrfToken, heading: "Proposal made",
                    message: "If the assembly admits them, this link lets them in (it does nothing until then): \(environment.configuration.joinLink(token: invite.value))"))
            }
            return seeOther("/a/\(context.assembly.id)/p/\(proposal.id)")
        } catch let error as InputError {
            return try await renderNew(context: context, form: form, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await render(context: context, id: try proposalParameter(context), error: nil, status: .ok)
    }

    private func render(context: AssemblyContext, id: ID<Proposal>, error: String?, status: HTTPResponse.Status) async throws -> Response {
        guard let proposal = try await store.proposal(id, in: context.assembly.id) else { throw Refusal.notFound }
        let mine = try await store.ballot(on: id, by: context.account.id)
        let draft = proposal.draft
        var resultHTML: String?
        var votes: [ProposalView.Vote] = []
        if !proposal.isOpen || draft.resultsLive {
            let ballots = try await store.ballots(on: id)
            if let result = try? Tally.tally(proposal.election(ballots: ballots.map(\.ballot))) {
                resultHTML = ResultHTML.render(result)
            }
            if !draft.secret {
                votes = ballots.map { .init(voter: $0.voter ?? "a former member", choice: Self.describe($0.ballot)) }
            }
        }
        let view = ProposalView(
            me: context.account.pseudonym, csrf: context.csrfToken, assemblyID: context.assembly.id.rawValue, assemblyName: context.assembly.name,
            id: id.rawValue, title: draft.title, bodyHTML: MessageHTML.body(draft.body), author: proposal.author ?? "a former member",
            method: draft.method.label, isOpen: proposal.isOpen,
            closes: Clock.text(draft.closesAt), closesISO: Clock.iso(draft.closesAt),
            threshold: draft.method.choosesOptions ? nil : draft.threshold.description + (draft.abstentionsCount ? ", abstentions counted" : ", abstentions not counted"),
            quorum: draft.quorum.description, secret: draft.secret,
            effect: proposal.isOpen ? draft.effect?.summary(comparedTo: context.assembly.rules) : draft.effect?.summary, ballotCount: proposal.ballotCount,
            outcome: proposal.decision.map(Self.outcomeText), resultHTML: resultHTML, provisional: proposal.isOpen,
            hiddenUntilClose: proposal.isOpen && !draft.resultsLive,
            votes: votes, hasVotes: !votes.isEmpty, myVote: mine.map(Self.describe),
            form: proposal.isOpen ? voteForm(draft, mine: mine) : nil,
            threadLink: proposal.threadMessageID.map { "/a/\(context.assembly.id)/c/\(context.assembly.id)g/m/\($0)" }, error: error)
        return pages.render("proposal", view, status: status)
    }

    @Sendable func vote(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try proposalParameter(context)
        guard let proposal = try await store.proposal(id, in: context.assembly.id) else { throw Refusal.notFound }
        let form = try await FormBody.read(request, context: context)
        do {
            let ballot = try ProposalForms.ballot(form, for: proposal.draft)
            try await actions.vote(ballot, on: proposal.id, draft: proposal.draft, in: context.assembly, by: context.account)
            return seeOther("/a/\(context.assembly.id)/p/\(id)")
        } catch let error as InputError {
            return try await render(context: context, id: id, error: error.message, status: .unprocessableContent)
        } catch let error as TallyError {
            return try await render(context: context, id: id, error: error.message, status: .unprocessableContent)
        }
    }

    private func proposalParameter(_ context: AssemblyContext) throws -> ID<Proposal> {
        guard let id = context.parameters.get("proposal"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }

    // MARK: Text

    static func outcomeText(_ decision: Decision) -> String {
        let turnout = "\(decision.participants) of \(decision.members) members voted"
        var text: String
        switch decision.outcome {
        case .passed: text = "Passed (\(turnout))."
        case .failed: text = "Did not pass (\(turnout))."
        case .decided: text = "Decided: \(decision.winners.joined(separator: ", ")) (\(turnout))."
        case .noQuorum: text = "No decision: the quorum was not reached (\(turnout))."
        }
        if decision.tie { text += " A tie was broken by the published draw." }
        if let applied = decision.effectApplied { text += " Carried out: \(applied)." }
        return text
    }

    static func describe(_ ballot: Ballot) -> String {
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

    private func voteForm(_ draft: ProposalDraft, mine: Ballot?) -> ProposalView.VoteForm {
        var form = ProposalView.VoteForm()
        switch draft.method {
        case .yesno:
            let chosen: YesNoChoice? = { if case .yesNo(let c) = mine { return c }; return nil }()
            form.choices = YesNoChoice.allCases.map { .init(name: "choice", value: $0.rawValue, label: $0.rawValue.capitalized, checked: $0 == chosen) }
        case .consent:
            let chosen: ConsentPosition? = { if case .consent(let c) = mine { return c }; return nil }()
            form.choices = ConsentPosition.allCases.map { .init(name: "position", value: $0.rawValue, label: $0.rawValue.capitalized, checked: $0 == chosen) }
        case .approval:
            let approved: Set<String> = { if case .approval(let s) = mine { return s }; return [] }()
            form.checks = draft.options.enumerated().map { .init(name: "approve_\($0.offset)", label: $0.element, checked: approved.contains($0.element)) }
        case .score, .dot, .irv, .schulze, .stv:
            let (prefix, hint, values): (String, String, [String: Int]) = {
                switch (draft.method, mine) {
                case (.score, .score(let s)?): return ("score", "0 to 5", s)
                case (.score, _): return ("score", "0 to 5", [:])
                case (.dot, .dots(let d)?): return ("dots", "dots, \(draft.dotBudget) in all", d)
                case (.dot, _): return ("dots", "dots, \(draft.dotBudget) in all", [:])
                case (_, .ranking(let r)?): return ("rank", "1 = first choice; leave blank to not rank", Dictionary(uniqueKeysWithValues: r.enumerated().map { ($0.element, $0.offset + 1) }))
                default: return ("rank", "1 = first choice; leave blank to not rank", [:])
                }
            }()
            form.hint = hint
            form.numbers = draft.options.enumerated().map { .init(name: "\(prefix)_\($0.offset)", label: $0.element, value: values[$0.element].map(String.init) ?? "") }
        case .timepoll:
            let marks: [String: Availability] = { if case .timePoll(let m) = mine { return m }; return [:] }()
            form.slots = draft.options.enumerated().map { index, slot in
                .init(label: slot, choices: Availability.allCases.map {
                    .init(name: "slot_\(index)", value: $0.rawValue, label: $0 == .ifNeedBe ? "If need be" : $0.rawValue.capitalized, checked: marks[slot] == $0)
                })
            }
        }
        return form
    }
}
