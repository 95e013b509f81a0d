import Foundation
import Testing
import WildcatDomain

/// Committees: charters, elections, recalls and petitions, at their boundaries.
@Suite("Committee rules")
struct CommitteeRulesTests {
    let now = Date(timeIntervalSince1970: 1_795_703_400)
    let committee = ID<Assembly>("c1")
    let ana = ID<Account>("ana"), bo = ID<Account>("bo"), cy = ID<Account>("cy")

    @Test func aRecallVoteOpensAtTheShareOfMembersNotBefore() {
        // 1/5 of 10 members is 2 signatures.
        #expect(!Recall.opensVote(signatures: 1, members: 10, share: Fraction(1, 5)!))
        #expect(Recall.opensVote(signatures: 2, members: 10, share: Fraction(1, 5)!))
        #expect(Recall.signaturesNeeded(members: 10, share: Fraction(1, 5)!) == 2)
        // 1/5 of 11 is 2.2: three signatures.
        #expect(!Recall.opensVote(signatures: 2, members: 11, share: Fraction(1, 5)!))
        #expect(Recall.signaturesNeeded(members: 11, share: Fraction(1, 5)!) == 3)
        // A lone member's signature is all of them; never fewer than one.
        #expect(Recall.signaturesNeeded(members: 1, share: Fraction(1, 5)!) == 1)
        #expect(Recall.signaturesNeeded(members: 0, share: Fraction(1, 5)!) == 1)
        #expect(Recall.signaturesNeeded(members: 100_000, share: Fraction(1, 5)!) == 20_000)
    }

    @Test func aCharterIsCheckedAtItsBounds() throws {
        func create(seats: Int, term: Int?, mandate: String = "Run the strike") throws -> ProposalDraft {
            var request = ProposalRequest(title: "Committee", method: .yesno, closesInMinutes: 60)
            request.effect = EffectRequest(committee: .init(name: "Strike committee", seats: seats, termDays: term, mandate: mandate))
            return try ProposalDraft(request: request, rules: .defaults, members: [], now: now)
        }
        _ = try create(seats: 1, term: nil)
        _ = try create(seats: 25, term: 3650)
        #expect(throws: InputError.self) { try create(seats: 0, term: nil) }
        #expect(throws: InputError.self) { try create(seats: 26, term: nil) }
        #expect(throws: InputError.self) { try create(seats: 3, term: 0) }
        #expect(throws: InputError.self) { try create(seats: 3, term: 3651) }
        #expect(throws: InputError.self) { try create(seats: 3, term: nil, mandate: "   ") }
        #expect(throws: InputError.self) { try create(seats: 3, term: nil, mandate: String(repeating: "m", count: 2001)) }
        #expect(throws: InputError.self) { try create(seats: 3, term: nil, mandate: "walkout \u{202E}cancelled") }
    }

    private func closing(_ outcome: Decision.Outcome, winners: [String] = [], members: Set<ID<Account>>, seats: AssemblySnapshot.Seats) -> EffectClosing {
        EffectClosing(proposal: ID("p1"), outcome: outcome, winners: winners,
                      assembly: AssemblySnapshot(name: "Store 14", rules: .defaults, memberCount: 10, members: members, committees: [committee: seats]))
    }

    @Test func anElectionSeatsWinnersWhoAreStillMembersUpToTheVacantSeats() {
        let election = ElectDelegates(committee: committee, committeeName: "Strike", candidates: [
            .init(account: ana, pseudonym: "Ana"), .init(account: bo, pseudonym: "Bo"), .init(account: cy, pseudonym: "Cy"),
        ])
        // Two winners, two vacant seats: both sit, in the order elected.
        var done = election.resolve(closing(.decided, winners: ["Bo", "Ana"], members: [ana, bo, cy], seats: .init(seats: 3, delegates: [cy])))
        #expect(done.steps == [.seatDelegates(committee: committee, [bo, ana])])
        // One seat left: only the first.
        done = election.resolve(closing(.decided, winners: ["Bo", "Ana"], members: [ana, bo, cy], seats: .init(seats: 2, delegates: [cy])))
        #expect(done.steps == [.seatDelegates(committee: committee, [bo])])
        // A winner who left the assembly takes no seat; one already seated takes no second.
        done = election.resolve(closing(.decided, winners: ["Bo", "Cy"], members: [ana, cy], seats: .init(seats: 3, delegates: [cy])))
        #expect(done.steps.isEmpty && done.outcome == .delegatesElected(committee: "Strike", pseudonyms: []))
        // No decision, no seats.
        #expect(election.resolve(closing(.noQuorum, members: [ana, bo, cy], seats: .init(seats: 3, delegates: []))) == .nothing)
    }

    @Test func rotationKeepsAMemberWhoServedTheTermsAllowedOffTheBallotAndOutOfTheSeat() throws {
        // At closing: Bo has served the terms allowed, so only Ana sits.
        let election = ElectDelegates(committee: committee, committeeName: "Strike", candidates: [.init(account: ana, pseudonym: "Ana"), .init(account: bo, pseudonym: "Bo")])
        let done = election.resolve(closing(.decided, winners: ["Bo", "Ana"], members: [ana, bo], seats: .init(seats: 2, delegates: [], termsServed: [bo])))
        #expect(done.steps == [.seatDelegates(committee: committee, [ana])])
        // When proposing: Bo cannot stand.
        let charter = Charter(seats: 2, termDays: 30, mandate: "Run the strike", channelPrivate: false, maxTerms: 1)
        let strike = Committee(id: committee, name: "Strike", assembly: ID("a"), charter: charter, delegates: [], termsServed: [bo])
        let members = [ana, bo, cy].map { Member(accountID: $0, pseudonym: $0.rawValue.capitalized, joinedAt: now, invitedBy: nil, invitedByOperator: true) }
        #expect(throws: InputError.self) { try ElectDelegates(committee: committee.rawValue, among: [strike], candidates: ["Ana", "Bo"], members: members) }
        #expect(try ElectDelegates(committee: committee.rawValue, among: [strike], candidates: ["Ana", "Cy"], members: members).candidates.count == 2)
        // The limit is 1 to 20 terms, or none.
        for bad in [0, 21] {
            var request = ProposalRequest(title: "Committee", method: .yesno, closesInMinutes: 60)
            request.effect = EffectRequest(committee: .init(name: "Strike", seats: 2, mandate: "Run it", maxTerms: bad))
            #expect(throws: InputError.self) { try ProposalDraft(request: request, rules: .defaults, members: [], now: now) }
        }
    }

    @Test func aRecallUnseatsOnlyWhenItPassesAndTheSeatIsStillHeld() {
        let recall = RecallDelegate(committee: committee, committeeName: "Strike", member: bo, pseudonym: "Bo")
        #expect(recall.resolve(closing(.passed, members: [bo], seats: .init(seats: 3, delegates: [bo]))).steps == [.unseatDelegate(committee: committee, bo)])
        #expect(recall.resolve(closing(.failed, members: [bo], seats: .init(seats: 3, delegates: [bo]))) == .nothing)
        let gone = recall.resolve(closing(.passed, members: [], seats: .init(seats: 3, delegates: [])))
        #expect(gone.steps.isEmpty && gone.outcome == .delegateHadLeft(committee: "Strike", pseudonym: "Bo"))
    }

    @Test func onlyAnElectionByTransferableVoteSeatsDelegates() {
        #expect(ElectDelegates.accepts(.stv))
        for method in DecisionMethod.allCases where method != .stv { #expect(!ElectDelegates.accepts(method)) }
        #expect(RecallDelegate.accepts(.yesno) && RecallDelegate.accepts(.consent) && !RecallDelegate.accepts(.approval))
    }

    @Test func thePetitionsVoteIsAnOpenYesOrNoOnTheRecall() {
        let delegate = Delegate(committee: committee, account: bo, pseudonym: "Bo", sentBy: ID("a1"), mandate: "m", decisions: [],
                                electedAt: now, termEndsAt: nil)
        let draft = Recall.vote(of: delegate, committee: "Strike", reason: "broke the mandate", rules: .defaults, now: now)
        #expect(draft.method == .yesno && !draft.secret && draft.closesAt == now + 48 * 3600)
        #expect(draft.body.contains("broke the mandate"))
        #expect(draft.effect == .recallDelegate(RecallDelegate(committee: committee, committeeName: "Strike", member: bo, pseudonym: "Bo")))
    }
}
