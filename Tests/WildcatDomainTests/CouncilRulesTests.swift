import Foundation
import Testing
import WildcatDomain

/// Councils and solidarity calls: ratification, weights, answers, at their boundaries.
@Suite("Council rules")
struct CouncilRulesTests {
    let now = Date(timeIntervalSince1970: 1_795_703_400)

    private func answers(_ given: [(members: Int, ratified: Bool?)]) -> [Ratification.Answer] {
        given.enumerated().map { index, answer in
            Ratification.Answer(assembly: ID("a\(index)"), name: "A\(index)", members: answer.members, ratified: answer.ratified, proposal: ID("p\(index)"))
        }
    }

    @Test func ratificationNeedsBothSharesAtLeastAndIsDecidedAsSoonAsItCanBe() {
        let rule = RatificationRule.majority
        // 2 of 4 assemblies is exactly 1/2 (at least): ratified when they hold half the members too.
        #expect(Ratification.status(of: answers([(10, true), (10, true), (10, nil), (10, nil)]), rule: rule) == .ratified)
        // 1 of 4: under half, and 3 still open: pending.
        #expect(Ratification.status(of: answers([(10, true), (10, nil), (10, nil), (10, nil)]), rule: rule) == .pending)
        // Half the assemblies but 19 of 40 members: not yet; when the others say no, rejected.
        #expect(Ratification.status(of: answers([(9, true), (10, true), (11, nil), (10, nil)]), rule: rule) == .pending)
        #expect(Ratification.status(of: answers([(9, true), (10, true), (11, false), (10, false)]), rule: rule) == .rejected)
        // Exactly half the members (20 of 40) with half the assemblies: ratified.
        #expect(Ratification.status(of: answers([(10, true), (10, true), (11, false), (9, false)]), rule: rule) == .ratified)
        // Rejected as soon as even every open vote could not reach it.
        #expect(Ratification.status(of: answers([(10, false), (10, false), (10, false), (10, nil)]), rule: rule) == .rejected)
        #expect(Ratification.status(of: answers([(10, false), (10, false), (10, nil), (10, nil)]), rule: rule) == .pending)
        // A stricter council: 2/3 of assemblies.
        let strict = RatificationRule(assemblies: Fraction(2, 3)!, members: Fraction(1, 2)!)
        #expect(Ratification.status(of: answers([(10, true), (10, true), (10, false)]), rule: strict) == .ratified)
        #expect(Ratification.status(of: answers([(10, true), (10, false), (10, nil)]), rule: strict) == .pending)
        #expect(Ratification.status(of: answers([(10, true), (10, false), (10, false)]), rule: strict) == .rejected)
    }

    @Test func weightsByMembersShareEachAssemblysMembersAmongItsDelegatesInWholeNumbers() {
        // 100 members, 2 delegates: 50 each; 30 members, 3 delegates: 10 each. Scaled by lcm(2, 3) = 6.
        #expect(Closing.Weights.byMembers([(100, 2), (100, 2), (30, 3), (30, 3), (30, 3)]) == [300, 300, 60, 60, 60])
        // A single delegation keeps its members as they are.
        #expect(Closing.Weights.byMembers([(7, 1), (5, 1)]) == [7, 5])
    }

    @Test func aWeightedCouncilVoteCountsMembersNotDelegates() throws {
        // Two delegates of a 10-member assembly vote no; one delegate of a 30-member assembly votes yes.
        let draft = ProposalDraft(title: "Strike", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                                  abstentionsCount: false, quorum: .voters(1), dotBudget: 5, secret: false, resultsLive: true,
                                  closesAt: now + 60, effect: nil)
        let proposal = Proposal(id: ID("p"), assemblyID: ID("council"), authorID: nil, author: nil, draft: draft, createdAt: now, closedAt: nil,
                                decision: nil, tieSeed: nil, threadMessage: nil, ballotCount: 3)
        let weights = Closing.Weights.byMembers([(10, 2), (10, 2), (30, 1)])
        let ballots = zip([Ballot.yesNo(.no), .yesNo(.no), .yesNo(.yes)], weights).enumerated().map { index, pair in
            Closing.CastBallot(key: "b\(index)", stored: "", ballot: pair.0, weight: pair.1)
        }
        let snapshot = AssemblySnapshot(name: "Council", rules: .defaults, memberCount: 3, members: [])
        #expect(try Closing.close(proposal, ballots: ballots, assembly: snapshot, at: now).decision.outcome == .passed)
        let unweighted = ballots.map { Closing.CastBallot(key: $0.key, stored: "", ballot: $0.ballot) }
        #expect(try Closing.close(proposal, ballots: unweighted, assembly: snapshot, at: now).decision.outcome == .failed)
    }

    @Test func aDecisionForRatificationGoesToTheAssembliesOnlyWhenItPasses() throws {
        var draft = ProposalDraft(title: "Strike", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                                  abstentionsCount: false, quorum: .voters(1), dotBudget: 5, secret: false, resultsLive: true,
                                  closesAt: now + 60, effect: nil)
        draft.forRatification = true
        let proposal = Proposal(id: ID("p"), assemblyID: ID("council"), authorID: nil, author: nil, draft: draft, createdAt: now, closedAt: nil,
                                decision: nil, tieSeed: nil, threadMessage: nil, ballotCount: 1)
        let snapshot = AssemblySnapshot(name: "Council", rules: .defaults, memberCount: 1, members: [])
        let yes = [Closing.CastBallot(key: "b", stored: "", ballot: .yesNo(.yes))]
        let no = [Closing.CastBallot(key: "b", stored: "", ballot: .yesNo(.no))]
        #expect(try Closing.close(proposal, ballots: yes, assembly: snapshot, at: now).steps == [.requestRatification])
        #expect(try Closing.close(proposal, ballots: no, assembly: snapshot, at: now).steps.isEmpty)
    }

    @Test func aCallIsCheckedAndItsAnswerIsTheMostApprovedOrNone() throws {
        #expect(throws: InputError.self) { try CallRequest(what: " ", when: "Friday", why: "").validated() }
        #expect(throws: InputError.self) { try CallRequest(what: "Walk out", when: String(repeating: "x", count: 201), why: "").validated() }
        #expect(throws: InputError.self) { try CallRequest(what: "<b>Walk</b>", when: "Friday", why: "").validated() }
        #expect(throws: InputError.self) { try CallRequest(what: "Walk out", when: "Friday", why: String(repeating: "x", count: 2001)).validated() }
        let ok = try CallRequest(what: " Walk out ", when: String(repeating: "x", count: 200), why: String(repeating: "y", count: 2000)).validated()
        #expect(ok.what == "Walk out")
        let answer = AnswerCall(call: ID("c"), from: "Cashiers", what: "Walk out")
        let snapshot = AssemblySnapshot(name: "Cleaners", rules: .defaults, memberCount: 4, members: [])
        func closing(_ outcome: Decision.Outcome, _ winners: [String]) -> EffectClosing {
            EffectClosing(proposal: ID("p"), outcome: outcome, winners: winners, assembly: snapshot)
        }
        #expect(answer.resolve(closing(.decided, ["Support"])).steps == [.answerCall(ID("c"), .support)])
        #expect(answer.resolve(closing(.noQuorum, [])).steps == [.answerCall(ID("c"), nil)])
        // The vote the platform opens offers exactly the three answers, by approval.
        let vote = Answering.vote(on: ID("c"), from: "Cashiers", request: ok, rules: .defaults, now: now)
        #expect(vote.method == .approval && vote.options == ["Join", "Support", "Decline"] && vote.closesAt == now + 48 * 3600)
        #expect(throws: Never.self) { try vote.validated(rules: .defaults, now: now) }
    }

    @Test func aCouncilIsFoundedWithItsRuleAndJoinedOnlyByItsCode() throws {
        var request = ProposalRequest(title: "Council", method: .yesno, closesInMinutes: 60)
        request.effect = EffectRequest(council: .init(name: "Site council", seats: 2, mandate: "Coordinate", weighting: .byMembers,
                                                      ratifyAssemblies: Fraction(2, 3)!))
        let draft = try ProposalDraft(request: request, rules: .defaults, members: [], now: now)
        guard case .foundCouncil(let found)? = draft.effect else { Issue.record("no council"); return }
        #expect(found.charter.seats == 2 && found.charter.weighting == .byMembers)
        #expect(found.charter.ratification == RatificationRule(assemblies: Fraction(2, 3)!, members: Fraction(1, 2)!))
        request.effect = EffectRequest(council: .init(name: "Site council", seats: 26, mandate: "Coordinate"))
        #expect(throws: InputError.self) { try ProposalDraft(request: request, rules: .defaults, members: [], now: now) }
        // A code that names no council, or one already joined, is refused.
        request.effect = EffectRequest(join: "nope")
        #expect(throws: InputError.self) { try ProposalDraft(request: request, rules: .defaults, members: [], now: now) }
        let joined = CouncilRef(id: ID("k"), name: "Site", joined: true)
        request.effect = EffectRequest(join: "k")
        #expect(throws: InputError.self) { try ProposalDraft(request: request, rules: .defaults, members: [], councils: [joined], now: now) }
        request.effect = EffectRequest(leave: "k")
        let left = try ProposalDraft(request: request, rules: .defaults, members: [], councils: [joined], now: now)
        #expect(left.effect == .leaveCouncil(LeaveCouncil(council: ID("k"), councilName: "Site")))
    }
}
