import Foundation
import Testing
import WildcatDomain

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)
private let ann = ID<Account>("ann"), bob = ID<Account>("bob")

private func proposal(_ method: DecisionMethod = .yesno, options: [String] = [], quorum: Quorum = .share(Fraction(1, 4)!),
                      effect: Effect? = nil, resultsLive: Bool = true, secret: Bool = false, closed: Bool = false) -> Proposal {
    let draft = ProposalDraft(title: "T", body: "", method: method, options: options, seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                              abstentionsCount: false, quorum: quorum, dotBudget: 5, secret: secret, resultsLive: resultsLive,
                              closesAt: t0 + 3600, effect: effect)
    return Proposal(id: ID("p"), assemblyID: ID("a"), authorID: ann, author: "Ann", draft: draft, createdAt: t0,
                    closedAt: closed ? t0 + 3600 : nil, decision: nil, tieSeed: nil, threadMessage: nil, ballotCount: 0)
}

private func ballots(_ list: Ballot...) -> [Closing.CastBallot] {
    list.enumerated().map { Closing.CastBallot(key: "v\($0.offset)", stored: "\($0.element)", ballot: $0.element) }
}

private func assembly(members: Int = 3, still: Set<ID<Account>> = [], name: String = "Store 14") -> AssemblySnapshot {
    AssemblySnapshot(name: name, rules: .defaults, memberCount: members, members: still)
}

@Suite struct ClosingTests {
    @Test func dueAtTheDeadlineExactlyOrWhenEveryMemberHasVoted() {
        let deadline = t0 + 3600
        #expect(!Closing.isDue(closesAt: deadline, now: deadline - 0.001, memberBallots: 2, members: 3))
        #expect(Closing.isDue(closesAt: deadline, now: deadline, memberBallots: 0, members: 3))
        #expect(Closing.isDue(closesAt: deadline, now: t0, memberBallots: 3, members: 3))
        #expect(!Closing.isDue(closesAt: deadline, now: t0, memberBallots: 2, members: 3))
        // An assembly nobody is left in does not close on "everyone voted".
        #expect(!Closing.isDue(closesAt: deadline, now: t0, memberBallots: 0, members: 0))
    }

    @Test func aPassedRuleChangeChangesTheRulesAndIsLogged() throws {
        var rules = AssemblyRules.defaults
        rules.retentionDays = 30
        let record = try Closing.close(proposal(effect: .changeRules(ChangeRules(rules: rules))), ballots: ballots(.yesNo(.yes), .yesNo(.yes), .yesNo(.no)),
                                       assembly: assembly(), at: t0 + 3600)
        #expect(record.decision.outcome == .passed)
        #expect(record.decision.participants == 3 && record.decision.members == 3)
        #expect(record.steps == [.setRules(rules)])
        #expect(record.decision.effect == .rulesChanged(from: .defaults, to: rules))
        #expect(record.audit.map(\.fact.kind) == [.proposalClosed, .rulesChanged])
        #expect(record.post == .proposalClosed(proposal: ID("p"), title: "T", outcome: .passed, winners: []))
    }

    @Test func aFailedOrUnderQuorumDecisionChangesNothing() throws {
        let effect = Effect.renameAssembly(RenameAssembly(name: "Depot 3"))
        let failed = try Closing.close(proposal(effect: effect), ballots: ballots(.yesNo(.no)), assembly: assembly(), at: t0)
        #expect(failed.decision.outcome == .failed && failed.steps.isEmpty && failed.decision.effect == nil)
        // Quorum of 3 voters, 2 took part: no decision, whatever they voted.
        let few = try Closing.close(proposal(quorum: .voters(3), effect: effect), ballots: ballots(.yesNo(.yes), .yesNo(.yes)), assembly: assembly(), at: t0)
        #expect(few.decision.outcome == .noQuorum && few.steps.isEmpty && !few.decision.quorumMet)
        // Exactly the quorum: decided.
        let enough = try Closing.close(proposal(quorum: .voters(3), effect: effect), ballots: ballots(.yesNo(.yes), .yesNo(.yes), .yesNo(.no)), assembly: assembly(), at: t0)
        #expect(enough.steps == [.rename("Depot 3")])
    }

    @Test func anAdmissionOpensItsInviteOnlyIfItPasses() throws {
        let effect = Effect.admitPerson(AdmitPerson(invite: ID("i"), description: "Maria"))
        let passed = try Closing.close(proposal(effect: effect), ballots: ballots(.yesNo(.yes)), assembly: assembly(), at: t0)
        #expect(passed.steps == [.releaseInvite(ID("i"))] && passed.decision.effect == .admissionOpened(description: "Maria"))
        let failed = try Closing.close(proposal(effect: effect), ballots: ballots(.yesNo(.no)), assembly: assembly(), at: t0)
        #expect(failed.steps == [.revokeInvite(ID("i"))] && failed.decision.effect == .admissionWithdrawn(description: "Maria"))
    }

    @Test func removingSomeoneWhoAlreadyLeftRemovesNobody() throws {
        let effect = Effect.removeMember(RemoveMember(member: bob, pseudonym: "Bob"))
        #expect(effect.definition.concerns == [bob])
        let gone = try Closing.close(proposal(effect: effect), ballots: ballots(.yesNo(.yes)), assembly: assembly(still: []), at: t0)
        #expect(gone.steps.isEmpty && gone.decision.effect == .memberHadLeft(pseudonym: "Bob"))
        let here = try Closing.close(proposal(effect: effect), ballots: ballots(.yesNo(.yes)), assembly: assembly(still: [bob]), at: t0)
        #expect(here.steps == [.removeMember(bob)])
        #expect(here.audit.last == AuditRecord(subject: bob, .memberRemoved(proposal: ID("p"), pseudonym: "Bob")))
    }

    @Test func aChoiceAmongNamesRenamesToTheWinner() throws {
        let effect = Effect.renameAssembly(RenameAssembly(name: nil))
        let record = try Closing.close(proposal(.irv, options: ["Depot 3", "Night crew"], effect: effect),
                                       ballots: ballots(.ranking(["Night crew"]), .ranking(["Night crew", "Depot 3"]), .ranking(["Depot 3"])),
                                       assembly: assembly(), at: t0)
        #expect(record.decision.outcome == .decided && record.decision.winners == ["Night crew"])
        #expect(record.steps == [.rename("Night crew")])
        // Winning the name it already has changes nothing.
        let same = try Closing.close(proposal(.irv, options: ["Store 14", "Depot 3"], effect: effect), ballots: ballots(.ranking(["Store 14"])),
                                     assembly: assembly(), at: t0)
        #expect(same.steps.isEmpty && same.decision.effect == nil)
    }

    @Test func theTieSeedIsADigestOfTheClosingRecord() {
        let a = Closing.tieSeed(proposal: ID("p"), at: t0, ballots: ballots(.yesNo(.yes)))
        #expect(a == Closing.tieSeed(proposal: ID("p"), at: t0, ballots: ballots(.yesNo(.yes))))
        #expect(a != Closing.tieSeed(proposal: ID("p"), at: t0 + 0.001, ballots: ballots(.yesNo(.yes))))
        #expect(a != Closing.tieSeed(proposal: ID("p"), at: t0, ballots: ballots(.yesNo(.no))))
        #expect(a != Closing.tieSeed(proposal: ID("q"), at: t0, ballots: ballots(.yesNo(.yes))))
    }

    @Test func resultsShowLiveOnlyWhenTheProposalSaysSoAndVotersOnlyOnOpenBallots() {
        #expect(ResultVisibility.showsResult(of: proposal(resultsLive: true)))
        #expect(!ResultVisibility.showsResult(of: proposal(resultsLive: false)))
        #expect(ResultVisibility.showsResult(of: proposal(resultsLive: false, closed: true)))
        #expect(ResultVisibility.showsVoters(of: proposal(closed: true)))
        #expect(!ResultVisibility.showsVoters(of: proposal(secret: true, closed: true)))
        #expect(!ResultVisibility.showsVoters(of: proposal(resultsLive: false)))
    }
}

@Suite struct DraftTests {
    private let members = [Member(accountID: bob, pseudonym: "Bob", joinedAt: t0, invitedBy: nil, invitedByOperator: false)]

    private func draft(_ request: ProposalRequest, rules: AssemblyRules = .defaults) throws(InputError) -> ProposalDraft {
        try ProposalDraft(request: request, rules: rules, members: members, now: t0)
    }

    @Test func absentValuesTakeTheAssemblysDefaults() throws {
        var rules = AssemblyRules.defaults
        rules.defaultQuorum = .voters(4)
        rules.defaultThreshold = Threshold(Fraction(2, 3)!, .atLeast)
        let made = try draft(ProposalRequest(title: "  Strike?  ", method: .yesno, closesInMinutes: 60), rules: rules)
        #expect(made.title == "Strike?")
        #expect(made.quorum == .voters(4) && made.threshold == Threshold(Fraction(2, 3)!, .atLeast))
        #expect(made.closesAt == t0 + 3600 && made.resultsLive && !made.secret && made.dotBudget == 5)
    }

    @Test func thresholdsAreReadExactly() throws {
        #expect(try draft(ProposalRequest(title: "x", method: .yesno, threshold: "at least 2/3", closesInMinutes: 5)).threshold == Threshold(Fraction(2, 3)!, .atLeast))
        #expect(try draft(ProposalRequest(title: "x", method: .yesno, threshold: "3/4", thresholdRule: .atLeast, closesInMinutes: 5)).threshold == Threshold(Fraction(3, 4)!, .atLeast))
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, threshold: "most", closesInMinutes: 5)) }
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, threshold: "0/3", closesInMinutes: 5)) }
    }

    @Test func deadlinesAreOneMinuteToNinetyDaysAway() throws {
        _ = try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 1))
        _ = try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 90 * 24 * 60))
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 0)) }
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 90 * 24 * 60 + 1)) }
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, closesAt: t0 + 59)) }
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno)) }
    }

    @Test func effectsAreCheckedAndAllowedOnlyWhereTheirMethodCanCarryThemOut() throws {
        let remove = try draft(ProposalRequest(title: "x", method: .consent, closesInMinutes: 5, effect: EffectRequest(removeMember: "bob")))
        #expect(remove.effect == .removeMember(RemoveMember(member: bob, pseudonym: "Bob")))
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 5, effect: EffectRequest(removeMember: "zed"))) }
        #expect(throws: InputError.self) {
            try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 5, effect: EffectRequest(rename: "A", admit: "B")))
        }
        // A form names the effect it means; the other fields it sends do not matter.
        let chosen = try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 5, effect: EffectRequest(kind: .rename, rename: "Depot 3", admit: "B")))
        #expect(chosen.effect == .renameAssembly(RenameAssembly(name: "Depot 3")))
        #expect(try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 5, effect: EffectRequest(kind: EffectRequest.Kind.none))).effect == nil)
        // Renaming by a choice among names: every option must be a name; no name of its own.
        let choice = try draft(ProposalRequest(title: "x", method: .approval, options: ["Depot 3", "Nights"], closesInMinutes: 5, effect: EffectRequest(kind: .rename)))
        #expect(choice.effect == .renameAssembly(RenameAssembly(name: nil)))
        #expect(throws: InputError.self) {
            try draft(ProposalRequest(title: "x", method: .approval, options: ["ok", "<b>"], closesInMinutes: 5, effect: EffectRequest(kind: .rename)))
        }
        // A time poll or an election cannot rename; only a motion admits or removes.
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .timepoll, options: ["a", "b"], closesInMinutes: 5, effect: EffectRequest(kind: .rename))) }
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .approval, options: ["a", "b"], closesInMinutes: 5, effect: EffectRequest(admit: "Maria"))) }
        // Rules that change nothing are not a decision.
        #expect(throws: InputError.self) { try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 5, effect: EffectRequest(rules: .defaults))) }
    }

    @Test func anAdmissionHoldsItsInviteUntilAfterTheVote() throws {
        let made = try draft(ProposalRequest(title: "x", method: .yesno, closesInMinutes: 60, effect: EffectRequest(admit: " Maria ")))
        #expect(made.effect == .admitPerson(AdmitPerson(invite: nil, description: "Maria")))
        let opening = Opening.open(ID("p"), draft: made, rules: .defaults)
        #expect(opening.heldInviteExpiresAt == t0 + 3600 + 7 * 86400)
        #expect(opening.audit.fact == .proposalMade(proposal: ID("p"), title: "x", effect: .admitPerson(description: "Maria")))
    }

    @Test func optionsFromAFormAreOnePerLine() throws {
        let data = Data(#"{"title":"x","method":"irv","options":"Mon\n  Tue \n\nWed","closesInMinutes":5}"#.utf8)
        let request = try JSONDecoder().decode(ProposalRequest.self, from: data)
        #expect(try draft(request).options == ["Mon", "Tue", "Wed"])
    }
}
