import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// Proposals: list, draft, vote, and the result with its working.
struct ProposalPages {
    let service: ProposalsService
    let assemblies: AssembliesService
    let committees: CommitteesService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/p", use: list)
        routes.assembly(.get, "/p/new", use: newPage)
        routes.assembly(.post, "/p", use: create)
        routes.assembly(.get, "/p/{proposal}", use: show)
        routes.assembly(.post, "/p/{proposal}/vote", use: vote)
        routes.open(.get, Paths.decisions, use: decisions)
        return routes
    }

    /// How decisions are counted, ties included: linked from results that a draw decided.
    @Sendable func decisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        pages.render("decisions", PlainPage(chrome: PageChrome(context)))
    }

    @Sendable func list(_ request: Request, context: AssemblyContext) async throws -> Response {
        let assembly = context.assembly.id
        let items = try await service.list(in: context.assembly).map { proposal in
            ProposalListView.Item(link: Paths.proposal(proposal.id, in: assembly), title: proposal.draft.title, isOpen: proposal.isOpen,
                                  closes: TimeView(proposal.draft.closesAt), voted: proposal.ballotCount,
                                  outcome: proposal.decision.map(ProposalWords.outcome) ?? "")
        }
        return pages.render("proposals", ProposalListView(chrome: PageChrome(context), assemblyLink: Paths.assembly(assembly),
                                                          assemblyName: context.assembly.name, newProposal: Paths.newProposal(assembly),
                                                          proposals: items, hasProposals: !items.isEmpty))
    }

    /// Without a method: which method to use (each a link, so no script is needed). With one:
    /// the form with only that method's fields.
    @Sendable func newPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        guard let given = request.uri.queryParameters.get("method") else { return renderChooser(context: context, error: nil, status: .ok) }
        guard let method = DecisionMethod(rawValue: String(given)) else {
            return renderChooser(context: context, error: "There is no method called “\(given.prefix(40))”: choose one of these.", status: .badRequest)
        }
        // Links from a committee ("propose an election", "recall") name the effect to start from.
        let query = request.uri.queryParameters
        var preset = Preset()
        if let effect = query.get("effect") { preset.effect = EffectRequest.Kind(rawValue: effect) }
        preset.committee = query.get("committee")
        preset.delegate = query.get("delegate")
        // A pledge that reached its threshold offers its text as the proposal's title.
        preset.title = query.get("title").map { String($0.prefix(200)) }
        return try await renderNew(context: context, method: method, form: nil, preset: preset, error: nil, status: .ok)
    }

    private func renderChooser(context: AssemblyContext, error: String?, status: HTTPResponse.Status) -> Response {
        let assembly = context.assembly.id
        let methods = DecisionMethod.allCases.map {
            ProposalMethodsView.Method(link: Paths.newProposal(assembly, method: $0), name: ProposalWords.method($0), use: ProposalWords.use($0))
        }
        return pages.render("proposal-methods", ProposalMethodsView(chrome: PageChrome(context), assemblyLink: Paths.assembly(assembly),
                                                                    assemblyName: context.assembly.name, methods: methods, error: error), status: status)
    }

    /// What a link into the form chose in advance.
    struct Preset {
        var effect: EffectRequest.Kind?
        var committee: String?
        var delegate: String?
        var title: String?
    }

    private func renderNew(context: AssemblyContext, method: DecisionMethod, form: ProposalForm?, preset: Preset = Preset(), error: String?,
                           status: HTTPResponse.Status) async throws -> Response {
        let rules = context.assembly.rules
        let request = form?.request
        let bodies: [Committee] = switch context.assembly.kind {
        case .assembly: try await committees.committees(of: context.assembly) + committees.councils(of: context.assembly)
        case .council: try await committees.councils(of: context.assembly)
        case .committee: []
        }
        let joined = bodies.filter { $0.assembly == context.assembly.id && !$0.isCommittee }
        let effects = EffectChoices(method: method, kind: context.assembly.kind, committees: bodies, councils: joined.count)
        let members = effects.removeMember || effects.elect ? try await assemblies.members(of: context.assembly) : []
        let chosenTarget = request?.effect?.call?.to ?? (preset.effect == .call ? preset.committee : nil)
        let targets = effects.call ? try await callTargets(joined, from: context.assembly.id, chosen: chosenTarget) : []
        let chosenThreshold = request?.threshold ?? ""
        let chosenEffect = request?.effect?.kind ?? preset.effect ?? .none
        let chosenCommittee = request?.effect?.elect ?? preset.committee
        let chosenSeat = form?.seat ?? preset.committee.flatMap { committee in preset.delegate.map { "\(committee)/\($0)" } }
        let presetTitle = preset.title
        let preset = form?.closes ?? .inThreeDays
        let view = ProposalFormView(
            chrome: PageChrome(context), assemblyLink: Paths.assembly(context.assembly.id), assemblyName: context.assembly.name,
            action: Paths.proposals(context.assembly.id), changeMethod: Paths.newProposal(context.assembly.id),
            method: method.rawValue, methodName: ProposalWords.method(method),
            title: request?.title ?? presetTitle ?? "", body: request?.body ?? "", options: request?.options?.joined(separator: "\n") ?? "",
            showOptions: method.choosesOptions, showSeats: method == .stv, showDots: method == .dot, showThreshold: !method.choosesOptions,
            seats: request?.seats.map(String.init) ?? "2", dotBudget: request?.dotBudget.map(String.init) ?? "5",
            thresholds: ProposalWords.thresholds.map { Choice(value: $0.value, label: $0.label, selected: $0.value == chosenThreshold) },
            abstentionsCount: request?.abstentionsCount ?? false,
            defaultThreshold: rules.defaultThreshold.description, defaultQuorum: rules.defaultQuorum.description,
            quorumShare: { if case .share(let share)? = request?.quorum { return share.description }; return "" }(),
            quorumVoters: { if case .voters(let n)? = request?.quorum { return String(n) }; return "" }(),
            deadlines: ProposalWords.deadlines.map { Choice(value: $0.preset.rawValue, label: $0.label, selected: $0.preset == preset) },
            closesAtLocal: form?.closesAtLocal ?? "", utcOffsetMinutes: String(form?.utcOffsetMinutes ?? 0),
            secret: request?.secret ?? false, resultsLive: request?.resultsLive ?? true,
            effects: effects, effectNone: chosenEffect == .none, effectRules: chosenEffect == .rules, effectRename: chosenEffect == .rename,
            effectRemove: chosenEffect == .removeMember, effectAdmit: chosenEffect == .admit,
            rename: request?.effect?.rename ?? "", admit: request?.effect?.admit ?? "",
            effectCommittee: chosenEffect == .committee, effectElect: chosenEffect == .elect, effectRecall: chosenEffect == .recall,
            effectMandate: chosenEffect == .mandate,
            committeeName: request?.effect?.committee?.name ?? "", committeeSeats: request?.effect?.committee.map { String($0.seats) } ?? "3",
            committeeTermDays: request?.effect?.committee?.termDays.map(String.init) ?? "",
            committeeMaxTerms: request?.effect?.committee?.maxTerms.map(String.init) ?? "",
            councilTermDays: request?.effect?.council?.termDays.map(String.init) ?? "",
            councilMaxTerms: request?.effect?.council?.maxTerms.map(String.init) ?? "",
            committeeMandate: request?.effect?.committee?.mandate ?? "", committeePrivate: request?.effect?.committee?.channelPrivate ?? false,
            electable: bodies.filter { $0.vacancies > 0 }.map {
                Choice(value: $0.id.rawValue, label: "\($0.name) (\($0.vacancies) vacant)", selected: $0.id.rawValue == chosenCommittee)
            },
            candidates: members.map(\.pseudonym).joined(separator: ", "),
            delegateSeats: bodies.flatMap { committee in committee.delegates.map { delegate in
                Choice(value: "\(committee.id)/\(delegate.account)", label: "\(delegate.pseudonym), \(committee.name)",
                       selected: "\(committee.id)/\(delegate.account)" == chosenSeat)
            } },
            mandateText: request?.effect?.mandate?.text ?? "", mandateLength: Charter.mandateLength.upperBound,
            effectCouncil: chosenEffect == .council, effectJoin: chosenEffect == .join, effectLeave: chosenEffect == .leave,
            councilName: request?.effect?.council?.name ?? "", councilSeats: request?.effect?.council.map { String($0.seats) } ?? "1",
            councilMandate: request?.effect?.council?.mandate ?? "", councilByMembers: request?.effect?.council?.weighting == .byMembers,
            urgentForm: UrgentForm(request?.effect?.rules ?? rules), urgentRule: UrgentRuleWords(rules.urgent), urgent: request?.urgent ?? false,
            councilRatifyAssemblies: (request?.effect?.council?.ratifyAssemblies ?? RatificationRule.majority.assemblies).description,
            councilRatifyMembers: (request?.effect?.council?.ratifyMembers ?? RatificationRule.majority.members).description,
            joinCode: request?.effect?.join ?? "",
            leavable: joined.map { Choice(value: $0.id.rawValue, label: $0.name, selected: $0.id.rawValue == request?.effect?.leave) },
            effectCall: chosenEffect == .call, callTargets: targets, hasCallTargets: !targets.isEmpty,
            callCode: chosenTarget.flatMap { chosen in targets.contains { $0.value == chosen } ? nil : chosen } ?? "",
            callWhat: request?.effect?.call?.what ?? "", callWhen: request?.effect?.call?.when ?? "", callWhy: request?.effect?.call?.why ?? "",
            callLimits: CallLimits(),
            offersRatification: context.assembly.kind == .council, forRatification: request?.forRatification ?? false,
            members: members.filter { $0.accountID != context.account.id }.map {
                Choice(value: $0.accountID.rawValue, label: $0.pseudonym, selected: $0.accountID.rawValue == request?.effect?.removeMember)
            },
            retentionDays: rules.retentionDays, inviteExpiryHours: rules.inviteExpiryHours,
            defaultQuorumShare: { if case .share(let share) = rules.defaultQuorum { return share.description }; return "1/4" }(),
            invitePermissions: AssemblyRules.InvitePermission.allCases.map {
                Choice(value: $0.rawValue, label: $0 == .anyMember ? "Any member" : "Only by a decision", selected: $0 == rules.whoMayInvite)
            },
            ruleThresholds: ProposalWords.thresholds.map { Choice(value: $0.value, label: $0.label, selected: $0.value == rules.defaultThreshold.description) },
            limits: ProposalLimits(), error: error)
        return pages.render("proposal-new", view, status: status)
    }

    /// A call goes to a council of the assembly (every other assembly in it), or to one assembly.
    private func callTargets(_ councils: [Committee], from assembly: ID<Assembly>, chosen: String?) async throws -> [Choice] {
        var choices: [Choice] = []
        var seen: Set<ID<Assembly>> = [assembly]
        for council in councils {
            choices.append(Choice(value: council.id.rawValue, label: "Every assembly of the council “\(council.name)”", selected: council.id.rawValue == chosen))
            for member in try await committees.councilMembers(of: council.id) where seen.insert(member.id).inserted {
                choices.append(Choice(value: member.id.rawValue, label: "\(member.name) only", selected: member.id.rawValue == chosen))
            }
        }
        return choices
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var form: ProposalForm?
        do {
            form = try FormDecoding.decode(ProposalForm.self, from: body)
            let (proposal, link) = try await service.propose(try form!.resolved(now: service.now), in: context.assembly, by: context.account)
            if let link {
                // The admission invite is shown once, to the member who proposed it.
                return pages.render("notice", NoticeView(
                    chrome: PageChrome(context), heading: "Proposal made",
                    message: "If the assembly admits them, this link lets them in (it does nothing until then): \(link)",
                    link: Paths.proposal(proposal.id, in: context.assembly.id), linkText: "Go to the proposal"))
            }
            return seeOther(Paths.proposal(proposal.id, in: context.assembly.id))
        } catch let error as InputError {
            // Back to the form, keeping what was typed; without a readable method, to the chooser.
            let method = form?.request.method ?? FormDecoding.field("method", in: body).flatMap(DecisionMethod.init(rawValue:))
            guard let method else { return renderChooser(context: context, error: error.message, status: .unprocessableContent) }
            return try await renderNew(context: context, method: method, form: form, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await render(context: context, id: try ProposalParameters.proposal(context), error: nil, status: .ok)
    }

    private func render(context: AssemblyContext, id: ID<Proposal>, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let proposal = try await service.proposal(id, in: context.assembly)
        let mine = try await service.myBallot(on: id, by: context.account)
        let (result, votes) = try await service.result(of: proposal)
        let draft = proposal.draft
        let assembly = context.assembly.id
        let effect = draft.effect?.definition.summary(rules: context.assembly.rules)
        let view = ProposalView(
            chrome: PageChrome(context), assemblyLink: Paths.assembly(assembly), assemblyName: context.assembly.name,
            proposalsLink: Paths.proposals(assembly),
            title: draft.title, blocks: BlockItem.blocks(draft.body), author: ProposalWords.author(of: proposal),
            method: ProposalWords.method(draft.method), isOpen: proposal.isOpen, closes: TimeView(proposal.closedAt ?? draft.closesAt),
            closedEarly: proposal.closedAt.flatMap { $0 < draft.closesAt ? TimeView(draft.closesAt) : nil },
            seats: draft.method == .stv ? draft.seats : nil,
            threshold: draft.method.choosesOptions ? nil : draft.threshold.description + (draft.abstentionsCount ? ", abstentions counted" : ", abstentions not counted"),
            quorum: draft.quorum.description, secret: draft.secret,
            effect: effect.map(EffectWords.summary), forRatification: draft.forRatification == true, urgent: draft.urgent == true,
            ratification: try await service.ratification(of: proposal, in: context.assembly), ballotCount: proposal.ballotCount,
            outcome: proposal.decision.map(ProposalWords.outcome), result: result.map(ResultItem.init), provisional: proposal.isOpen,
            tieBroken: !proposal.isOpen && (proposal.decision?.tie ?? false), tiesLink: Paths.ties,
            hiddenUntilClose: !ResultVisibility.showsResult(of: proposal),
            board: try await service.store.board(proposal).map { board in
                BoardView(link: Paths.board(proposal.id, in: assembly), eligible: board.eligible, issued: board.tookToken.count, cast: board.entries.count,
                          holders: board.tookToken.joined(separator: ", "), finalHash: board.finalHash, fingerprint: board.fingerprint)
            },
            votes: votes.map { ProposalView.Vote(voter: $0.voter ?? "a former member", choice: ProposalWords.ballot($0.ballot)) },
            hasVotes: !votes.isEmpty, myVote: mine.map(ProposalWords.ballot),
            form: proposal.isOpen ? try await secretVoteForm(proposal, context: context, form: voteForm(draft, mine: mine, action: Paths.vote(id, in: assembly))) : nil,
            threadLink: proposal.threadMessage.map { Paths.thread($0, channel: context.assembly.generalChannel, in: assembly) },
            meetingFromPoll: PollMeetingView(proposal, assembly: context.assembly, mayAct: context.access == .member),
            live: proposal.isOpen ? LiveAttributes(mode: "proposal", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                                                   assembly: assembly.rawValue, channel: "", root: "", proposal: id.rawValue) : nil,
            error: error)
        return pages.render("proposal", view, status: status)
    }

    @Sendable func vote(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try ProposalParameters.proposal(context)
        let proposal = try await service.proposal(id, in: context.assembly)
        do {
            let form = try await FormDecoding.decode(BallotForm.self, from: request, context: context)
            try await service.vote(try form.ballot(for: proposal.draft), on: proposal.id, draft: proposal.draft, in: context.assembly, by: context.account)
            return seeOther(Paths.proposal(id, in: context.assembly.id))
        } catch let error as InputError {
            return try await render(context: context, id: id, error: error.message, status: .unprocessableContent)
        } catch Refusal.invalidBallot(let why) {
            return try await render(context: context, id: id, error: why, status: .unprocessableContent)
        }
    }

    /// A secret proposal's form is sent by `ballot.js` with a blind-signed token, never with the account.
    private func secretVoteForm(_ proposal: Proposal, context: AssemblyContext, form: ProposalView.VoteForm) async throws -> ProposalView.VoteForm {
        guard proposal.draft.secret else { return form }
        let secret = SecretBallotService(environment: service.environment)
        // Opened before tokens, with ballots cast with accounts: it keeps that form to its close.
        guard let (key, _) = try await secret.key(for: proposal) else { return form }
        let assembly = context.assembly.id
        let options = String(decoding: try JSONEncoder().encode(proposal.draft.options), as: UTF8.self)
        let delay = service.environment.configuration.secretCastDelay
        var form = form
        form.secretBallot = ProposalView.SecretBallot(
            keyURL: Paths.secretKey(proposal.id, in: assembly), tokenURL: Paths.secretToken(proposal.id, in: assembly), castURL: Paths.cast(proposal.id),
            fingerprint: key.fingerprint, method: proposal.draft.method.rawValue, optionsJSON: options,
            delay: Int(delay.components.seconds * 1000), closesAt: Int64(proposal.draft.closesAt.timeIntervalSince1970 * 1000), tokenTaken: try await service.store.hasToken(proposal.id, member: context.account.id))
        return form
    }

    private func voteForm(_ draft: ProposalDraft, mine: Ballot?, action: String) -> ProposalView.VoteForm {
        var form = ProposalView.VoteForm(action: action)
        switch draft.method {
        case .yesno:
            let chosen: YesNoChoice? = { if case .yesNo(let c) = mine { return c }; return nil }()
            form.choices = YesNoChoice.allCases.map { .init(name: "choice", value: $0.rawValue, label: $0.rawValue.capitalized, checked: $0 == chosen) }
        case .consent:
            let chosen: ConsentPosition? = { if case .consent(let c) = mine { return c }; return nil }()
            form.choices = ConsentPosition.allCases.map { .init(name: "position", value: $0.rawValue, label: $0.rawValue.capitalized, checked: $0 == chosen) }
        case .approval:
            let approved: Set<String> = { if case .approval(let s) = mine { return s }; return [] }()
            form.checks = draft.options.enumerated().map { .init(name: "approve[\(BallotForm.key($0.offset))]", label: $0.element, checked: approved.contains($0.element)) }
        case .score, .dot, .irv, .schulze, .stv:
            let seats = draft.seats == 1 ? "1 seat" : "\(draft.seats) seats"
            let rankHint = draft.method == .stv
                ? "Electing \(seats) from \(draft.options.count) candidates. 1 = first choice; rank as many as you like, leave the rest blank."
                : "1 = first choice; leave blank to not rank."
            let (prefix, hint, values): (String, String, [String: Int]) = {
                switch (draft.method, mine) {
                case (.score, .score(let s)?): return ("score", "0 to 5", s)
                case (.score, _): return ("score", "0 to 5", [:])
                case (.dot, .dots(let d)?): return ("dots", "dots, \(draft.dotBudget) in all", d)
                case (.dot, _): return ("dots", "dots, \(draft.dotBudget) in all", [:])
                case (_, .ranking(let r)?): return ("rank", rankHint, Dictionary(uniqueKeysWithValues: r.enumerated().map { ($0.element, $0.offset + 1) }))
                default: return ("rank", rankHint, [:])
                }
            }()
            form.hint = hint
            form.numbers = draft.options.enumerated().map { .init(name: "\(prefix)[\(BallotForm.key($0.offset))]", label: $0.element, value: values[$0.element].map(String.init) ?? "") }
        case .timepoll:
            let marks: [String: Availability] = { if case .timePoll(let m) = mine { return m }; return [:] }()
            form.slots = draft.options.enumerated().map { index, slot in
                .init(label: slot, choices: Availability.allCases.map {
                    .init(name: "slot[\(BallotForm.key(index))]", value: $0.rawValue, label: $0 == .ifNeedBe ? "If need be" : $0.rawValue.capitalized, checked: marks[slot] == $0)
                })
            }
        }
        return form
    }
}
