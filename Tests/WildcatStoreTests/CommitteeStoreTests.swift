import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func motion(_ effect: Effect) -> ProposalDraft {
    ProposalDraft(title: "Decide", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                  abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: false, resultsLive: true,
                  closesAt: t0 + 3600, effect: effect)
}

/// Passes a proposal by everyone voting yes (or ranking its options in order), and closes it.
private func pass(_ store: Store, _ draft: ProposalDraft, in assembly: Assembly, by voters: [Account]) async throws -> Proposal {
    let (proposal, _) = try await store.createProposal(in: assembly, by: voters[0], draft: draft, now: t0)
    for voter in voters {
        let ballot: Ballot = draft.method == .stv ? .ranking(draft.options) : .yesNo(.yes)
        _ = try await store.castBallot(ballot, on: proposal.id, in: assembly.id, by: voter.id, now: t0 + 1)
    }
    return try #require(try await store.closeProposal(proposal.id, in: assembly.id, now: t0 + 2))
}

@Suite("Committees store", .serialized)
struct CommitteeStoreTests {
    @Test(arguments: Backend.available)
    func aCommitteeIsSetUpFilledRecalledAndOutlivesItsEmptySeats(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await newAccount(store, "Bob", into: assembly.id)
            let cy = try await newAccount(store, "Cy", into: assembly.id)
            let everyone = [ann, bob, cy]
            let charter = Charter(seats: 2, termDays: 30, mandate: "Run the strike", channelPrivate: false)
            _ = try await pass(store, motion(.createCommittee(CreateCommittee(name: "Strike", charter: charter))), in: assembly, by: everyone)
            let created = try #require(try await store.committees(of: assembly.id).first)
            #expect(created.name == "Strike" && created.charter == charter && created.vacancies == 2)
            // An observer, a delegate-to-be: a member of the assembly sees the committee; a stranger does not.
            #expect(try await store.access(to: created.id, for: bob.id)?.1 == .observer)
            let stranger = try await newAccount(store, "Dee", into: try await store.createAssembly(name: try AssemblyName("Other"), founder: ann.id, rules: .defaults, now: t0).id)
            #expect(try await store.access(to: created.id, for: stranger.id) == nil)
            // Elected by STV: the first two ranked take the two seats, with the mandate and a term.
            let election = ProposalDraft(title: "Elect", body: "", method: .stv, options: ["Bob", "Cy", "Ann"], seats: 2,
                                         threshold: Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: false, quorum: .share(Fraction(1, 4)!),
                                         dotBudget: 5, secret: false, resultsLive: true, closesAt: t0 + 3600,
                                         effect: .electDelegates(ElectDelegates(committee: created.id, committeeName: "Strike", candidates: [
                                             .init(account: bob.id, pseudonym: "Bob"), .init(account: cy.id, pseudonym: "Cy"), .init(account: ann.id, pseudonym: "Ann"),
                                         ])))
            let elected = try await pass(store, election, in: assembly, by: everyone)
            let seated = try #require(try await store.committee(created.id, of: assembly.id))
            #expect(Set(seated.delegates.map(\.pseudonym)) == ["Bob", "Cy"] && seated.vacancies == 0)
            let bobSeat = try #require(seated.delegates.first { $0.account == bob.id })
            #expect(bobSeat.mandate == "Run the strike" && bobSeat.decisions == [elected.id] && bobSeat.termEndsAt == t0 + 2 + 30 * 86400)
            #expect(try await store.access(to: created.id, for: bob.id)?.1 == .member)
            // Terms end by themselves, at their end and not a millisecond before.
            let termEnd = t0 + 2 + 30 * 86400
            #expect(try await store.endTerms(now: termEnd - 0.001) == 0)
            #expect(try await store.committee(created.id, of: assembly.id)?.delegates.count == 2)
            // A new mandate, by decision.
            let mandate = try await pass(store, motion(.changeMandate(ChangeMandate(committee: created.id, committeeName: "Strike", member: bob.id,
                                                                                    pseudonym: "Bob", mandate: "Negotiate"))), in: assembly, by: everyone)
            let renewed = try #require(try await store.committee(created.id, of: assembly.id)?.delegates.first { $0.account == bob.id })
            #expect(renewed.mandate == "Negotiate" && renewed.decisions == [elected.id, mandate.id])
            // Recalled: the seat, and the committee with it, are gone at once; the committee stays.
            _ = try await pass(store, motion(.recallDelegate(RecallDelegate(committee: created.id, committeeName: "Strike", member: bob.id, pseudonym: "Bob"))),
                               in: assembly, by: everyone)
            #expect(try await store.access(to: created.id, for: bob.id)?.1 == .observer)
            // Cy's term ends: the seat falls vacant, and the committee's log says why.
            #expect(try await store.endTerms(now: termEnd) == 1)
            #expect(try await store.committee(created.id, of: assembly.id)?.delegates.isEmpty == true)
            let log = try #require(try await store.auditLog(of: created.id, before: nil, limit: 20))
            #expect(log.contains { if case .delegateUnseated(_, false, true?) = $0.fact { return $0.subject == "Cy" }; return false })
            #expect(try await store.endTerms(now: termEnd + 1) == 0)
            // Leaving the assembly gives up its seats; the empty committee waits for an election.
            try await store.leave(assembly.id, accountID: cy.id, now: t0 + 3)
            let empty = try #require(try await store.committee(created.id, of: assembly.id))
            #expect(empty.delegates.isEmpty && empty.vacancies == 2)
            #expect(try await store.access(to: created.id, for: cy.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aPetitionCountsEachSignatureOnceAndOpensTheVoteAtTheShare(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            var assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            var members = [ann]
            for name in ["Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo"] { members.append(try await newAccount(store, name, into: assembly.id)) }
            assembly = try #require(try await store.access(to: assembly.id, for: ann.id)?.0)
            let charter = Charter(seats: 1, termDays: nil, mandate: "m", channelPrivate: false)
            _ = try await pass(store, motion(.createCommittee(CreateCommittee(name: "Strike", charter: charter))), in: assembly, by: members)
            let committee = try #require(try await store.committees(of: assembly.id).first)
            let seat = ProposalDraft(title: "Elect", body: "", method: .stv, options: ["Bob", "Cy"], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                                     abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: false, resultsLive: true,
                                     closesAt: t0 + 3600, effect: .electDelegates(ElectDelegates(committee: committee.id, committeeName: "Strike", candidates: [
                                         .init(account: members[1].id, pseudonym: "Bob"), .init(account: members[2].id, pseudonym: "Cy"),
                                     ])))
            _ = try await pass(store, seat, in: assembly, by: members)
            let bob = members[1]
            // 1/5 of 10 members is two signatures. Ann opens the petition and signs; her second signature counts once.
            var (petition, vote) = try await store.petitionRecall(of: bob.id, from: committee.id, in: assembly, by: ann, reason: "", now: t0 + 3)
            #expect(petition.signatures == 1 && vote == nil)
            (petition, vote) = try await store.signPetition(petition.id, in: assembly, by: ann, now: t0 + 4)
            #expect(petition.signatures == 1 && vote == nil)
            // A second member opening "another" petition signs the same one, and opens the vote.
            (petition, vote) = try await store.petitionRecall(of: bob.id, from: committee.id, in: assembly, by: members[3], reason: "", now: t0 + 5)
            #expect(petition.signatures == 2)
            let recall = try #require(vote)
            #expect(recall.petition == petition.id && recall.authorID == nil && recall.draft.effect?.definition is RecallDelegate)
            #expect(try await store.openPetitions(in: assembly.id).map(\.vote) == [recall.id])
            // Closing the vote ends the petition; a later one may be opened.
            _ = try await store.closeProposal(recall.id, in: assembly.id, now: t0 + 6)
            #expect(try await store.openPetitions(in: assembly.id).isEmpty)
            // Only members of the assembly that sent the delegate may petition.
            let other = try await store.createAssembly(name: try AssemblyName("Other"), founder: ann.id, rules: .defaults, now: t0)
            await #expect(throws: InputError.self) {
                _ = try await store.petitionRecall(of: bob.id, from: committee.id, in: other, by: ann, reason: "", now: t0 + 7)
            }
        }
    }

    @Test(arguments: Backend.available)
    func rotationCountsEachTermServedAndKeepsTheMemberOutOfTheSeatAfterwards(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await newAccount(store, "Bob", into: assembly.id)
            let charter = Charter(seats: 1, termDays: 1, mandate: "Run the strike", channelPrivate: false, maxTerms: 1)
            _ = try await pass(store, motion(.createCommittee(CreateCommittee(name: "Strike", charter: charter))), in: assembly, by: [ann, bob])
            let strike = try #require(try await store.committees(of: assembly.id).first)
            #expect(strike.charter.maxTerms == 1 && strike.termsServed.isEmpty)
            func election() -> ProposalDraft {
                ProposalDraft(title: "Elect", body: "", method: .stv, options: ["Bob", "Ann"], seats: 1,
                              threshold: Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: false, quorum: .share(Fraction(1, 4)!),
                              dotBudget: 5, secret: false, resultsLive: true, closesAt: t0 + 3600,
                              effect: .electDelegates(ElectDelegates(committee: strike.id, committeeName: "Strike", candidates: [
                                  .init(account: bob.id, pseudonym: "Bob"), .init(account: ann.id, pseudonym: "Ann"),
                              ])))
            }
            _ = try await pass(store, election(), in: assembly, by: [ann, bob])
            #expect(try await store.committee(strike.id, of: assembly.id)?.delegates.map(\.pseudonym) == ["Bob"])
            // His one term ends; he has served all the charter allows.
            #expect(try await store.endTerms(now: t0 + 2 + 86400) == 1)
            #expect(try await store.committee(strike.id, of: assembly.id)?.termsServed == [bob.id])
            // An election that ranks him first (made before the rule could refuse it) seats nobody in his place.
            let again = try await pass(store, election(), in: assembly, by: [ann, bob])
            #expect(again.decision?.effect == .delegatesElected(committee: "Strike", pseudonyms: []))
            #expect(try await store.committee(strike.id, of: assembly.id)?.delegates.isEmpty == true)
        }
    }

    /// The session lookup that brings the member's standing along must say what `access(to:for:)`
    /// says, for members, observers, strangers and ids of nothing.
    @Test(arguments: Backend.available)
    func aSessionsStandingInItsOneStatementIsTheAccessCheck(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await newAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Depot"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await newAccount(store, "Bob", into: assembly.id)
            let other = try await store.createAssembly(name: try AssemblyName("Other"), founder: ann.id, rules: .defaults, now: t0)
            let dee = try await newAccount(store, "Dee", into: other.id)
            let charter = Charter(seats: 1, termDays: 30, mandate: "Talk", channelPrivate: false)
            _ = try await pass(store, motion(.createCommittee(CreateCommittee(name: "Talks", charter: charter))), in: assembly, by: [ann, bob])
            let committee = try #require(try await store.committees(of: assembly.id).first)
            let places: [ID<Assembly>] = [assembly.id, other.id, committee.id, ID("no-such-assembly")]
            var seen: Set<String> = []
            for (n, person) in [ann, bob, dee].enumerated() {
                let hash = SecretToken.hash("token-\(n)")
                _ = try await store.createSession(accountID: person.id, tokenHash: hash, device: "test", now: t0, expiresAt: t0 + 60)
                for place in places {
                    let found = try #require(try await store.session(tokenHash: hash, now: t0 + 1, standingIn: place))
                    #expect(found.account.id == person.id && found.session.accountID == person.id)
                    let expected = try await store.access(to: place, for: person.id)
                    #expect(found.standing?.0.id == expected?.0.id && found.standing?.1 == expected?.1, "\(person.pseudonym) in \(place)")
                    seen.insert(expected.map { "\($0.1)" } ?? "none")
                }
                // Expired, or a token nobody holds: no session, whatever the assembly.
                #expect(try await store.session(tokenHash: hash, now: t0 + 60, standingIn: assembly.id) == nil)
                #expect(try await store.session(tokenHash: SecretToken.hash("unknown"), now: t0 + 1, standingIn: assembly.id) == nil)
            }
            #expect(seen == ["member", "observer", "none"])
            // Asked all at once (one statement on PostgreSQL), each lookup gets its own answer.
            let asked = (0..<3).flatMap { n in places.map { (n, $0) } }
            let answers = try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
                for (index, (n, place)) in asked.enumerated() {
                    group.addTask {
                        let found = try await store.session(tokenHash: SecretToken.hash("token-\(n)"), now: t0 + 1, standingIn: place)
                        return (index, found?.account.pseudonym, found?.standing.map { "\($0.0.id)/\($0.1)" })
                    }
                }
                group.addTask { (-1, try await store.session(tokenHash: SecretToken.hash("unknown"), now: t0 + 1, standingIn: assembly.id)?.account.pseudonym, nil) }
                group.addTask { (-2, try await store.session(tokenHash: SecretToken.hash("token-1"), now: t0 + 1)?.1.pseudonym, nil) }
                group.addTask { (-3, try await store.session(tokenHash: SecretToken.hash("token-2"), now: t0 + 60)?.1.pseudonym, nil) }
                return try await group.reduce(into: [Int: (String?, String?)]()) { $0[$1.0] = ($1.1, $1.2) }
            }
            for (index, (n, place)) in asked.enumerated() {
                let person = [ann, bob, dee][n]
                let expected = try await store.access(to: place, for: person.id)
                #expect(answers[index]?.0 == person.pseudonym)
                #expect(answers[index]?.1 == expected.map { "\($0.0.id)/\($0.1)" }, "\(person.pseudonym) in \(place)")
            }
            #expect(answers[-1]?.0 == nil && answers[-2]?.0 == bob.pseudonym && answers[-3]?.0 == nil)
            // A NUL (which PostgreSQL's text refuses) in one lookup fails none of those asked with it.
            let hostile = try await withThrowingTaskGroup(of: (Int, String?, Bool).self) { group in
                group.addTask { (0, try await store.session(tokenHash: SecretToken.hash("token-0"), now: t0 + 1, standingIn: ID("a\u{0}b"))?.account.pseudonym, false) }
                group.addTask { (1, try await store.session(tokenHash: "x\u{0}y", now: t0 + 1, standingIn: assembly.id)?.account.pseudonym, false) }
                group.addTask { (2, try await store.session(tokenHash: "x\u{0}y", now: t0 + 1)?.1.pseudonym, false) }
                group.addTask {
                    let found = try await store.session(tokenHash: SecretToken.hash("token-1"), now: t0 + 1, standingIn: assembly.id)
                    return (3, found?.account.pseudonym, found?.standing?.1 == .member)
                }
                return try await group.reduce(into: [Int: (String?, Bool)]()) { $0[$1.0] = ($1.1, $1.2) }
            }
            #expect(hostile[0]?.0 == ann.pseudonym && hostile[1]?.0 == nil && hostile[2]?.0 == nil)
            #expect(hostile[3]?.0 == bob.pseudonym && hostile[3]?.1 == true)
        }
    }
}
