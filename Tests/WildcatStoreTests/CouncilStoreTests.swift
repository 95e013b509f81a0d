import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// A new account, invited into `assembly`; without one, the first person (or, after them, a
/// person the operator invites into an assembly of newcomers that is in no council).
private func account(_ store: Store, _ pseudonym: String, into assembly: ID<Assembly>? = nil) async throws -> Account {
    let token: SecretToken
    if let assembly {
        token = try await store.createInvite(assemblyID: assembly, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: t0 + 3600), now: t0).1
    } else if let first = try await store.firstPersonInvite(now: t0, validFor: 3600) {
        token = first
    } else {
        let lobby = try #require(try await store.assemblies(matching: "Newcomers").first)
        return try await account(store, pseudonym, into: lobby.id)
    }
    return try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name(pseudonym), passphraseHash: "x", now: t0).0
}

private func newcomers(_ store: Store, founder: Account) async throws {
    _ = try await store.createAssembly(name: try AssemblyName("Newcomers"), founder: founder.id, rules: .defaults, now: t0)
}

private func motion(_ effect: Effect?, forRatification: Bool = false) -> ProposalDraft {
    var draft = ProposalDraft(title: "Decide", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                              abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: false, resultsLive: true,
                              closesAt: t0 + 3600, effect: effect)
    draft.forRatification = forRatification ? true : nil
    return draft
}

/// Each voter casts `ballot` (or, in an election, ranks the options in order), then it closes.
@discardableResult
private func decide(_ store: Store, _ proposal: Proposal, in assembly: ID<Assembly>, by voters: [Account], _ ballot: Ballot = .yesNo(.yes),
                    at time: TimeInterval = 2) async throws -> Proposal {
    for voter in voters {
        let cast: Ballot = proposal.draft.method == .stv ? .ranking(proposal.draft.options) : ballot
        _ = try await store.castBallot(cast, on: proposal.id, in: assembly, by: voter.id, now: t0 + 1)
    }
    return try #require(try await store.closeProposal(proposal.id, in: assembly, now: t0 + time))
}

private func pass(_ store: Store, _ draft: ProposalDraft, in assembly: Assembly, by voters: [Account]) async throws -> Proposal {
    let (proposal, _) = try await store.createProposal(in: assembly, by: voters[0], draft: draft, now: t0)
    return try await decide(store, proposal, in: assembly.id, by: voters)
}

private func elect(_ candidate: Account, to council: ID<Assembly>, in assembly: Assembly, by voters: [Account], _ store: Store) async throws {
    let draft = ProposalDraft(title: "Elect", body: "", method: .stv, options: [candidate.pseudonym], seats: 1,
                              threshold: Threshold(Fraction(1, 2)!, .moreThan), abstentionsCount: false, quorum: .share(Fraction(1, 4)!),
                              dotBudget: 5, secret: false, resultsLive: true, closesAt: t0 + 3600,
                              effect: .electDelegates(ElectDelegates(committee: council, committeeName: "Site", candidates: [
                                  .init(account: candidate.id, pseudonym: candidate.pseudonym),
                              ])))
    _ = try await pass(store, draft, in: assembly, by: voters)
}

/// An assembly asks to join by its decision; the council's delegates vote on admitting it.
private func join(_ store: Store, _ assembly: Assembly, by voters: [Account], council: ID<Assembly>, delegates: [Account],
                  _ ballot: Ballot = .yesNo(.yes)) async throws {
    _ = try await pass(store, motion(.joinCouncil(JoinCouncil(council: council, councilName: "Site"))), in: assembly, by: voters)
    let admission = try await platformVote(in: council, store) { if case .admitAssembly(let asked) = $0 { return asked.assembly == assembly.id }; return false }
    try await decide(store, admission, in: council, by: delegates, ballot)
}

/// The vote the platform opened in `assembly` on a council decision (or on a solidarity call).
private func platformVote(in assembly: ID<Assembly>, _ store: Store, where match: (Effect) -> Bool) async throws -> Proposal {
    try #require(try await store.proposals(in: assembly).first { $0.isOpen && $0.draft.effect.map(match) == true })
}

@Suite("Councils store", .serialized)
struct CouncilStoreTests {
    @Test(arguments: Backend.available)
    func threeAssembliesFormACouncilElectDelegatesAndRatifyByTheirOwnVotes(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await account(store, "Ann")
            try await newcomers(store, founder: ann)
            let cashiers = try await store.createAssembly(name: try AssemblyName("Cashiers"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await account(store, "Bob", into: cashiers.id)
            let cy = try await account(store, "Cy")
            let cleaners = try await store.createAssembly(name: try AssemblyName("Cleaners"), founder: cy.id, rules: .defaults, now: t0)
            let dee = try await account(store, "Dee", into: cleaners.id)
            let eve = try await account(store, "Eve")
            let drivers = try await store.createAssembly(name: try AssemblyName("Drivers"), founder: eve.id, rules: .defaults, now: t0)
            let fay = try await account(store, "Fay")
            let outsiders = try await store.createAssembly(name: try AssemblyName("Outsiders"), founder: fay.id, rules: .defaults, now: t0)

            // Founded by one assembly's decision; it elects its delegate.
            let charter = Charter(seats: 1, termDays: nil, mandate: "Coordinate the site", channelPrivate: false, weighting: .perDelegate,
                                  ratification: .majority)
            _ = try await pass(store, motion(.foundCouncil(FoundCouncil(name: "Site", charter: charter))), in: cashiers, by: [ann, bob])
            let site = try #require(try await store.councils(of: cashiers.id).first)
            try await elect(bob, to: site.id, in: cashiers, by: [ann, bob], store)
            // Each other assembly asks by its own decision; the delegates admit it. A code alone lets nobody in.
            #expect(try await store.councilRef(site.id.rawValue, for: cleaners.id)?.joined == false)
            _ = try await pass(store, motion(.joinCouncil(JoinCouncil(council: site.id, councilName: "Site"))), in: cleaners, by: [cy, dee])
            #expect(try await store.access(to: site.id, for: dee.id) == nil)
            let admission = try await platformVote(in: site.id, store) { if case .admitAssembly = $0 { return true }; return false }
            try await decide(store, admission, in: site.id, by: [bob])
            #expect(try await store.councilRef(site.id.rawValue, for: cleaners.id)?.joined == true)
            try await elect(cy, to: site.id, in: cleaners, by: [cy, dee], store)
            try await join(store, drivers, by: [eve], council: site.id, delegates: [bob, cy])
            // The outsiders ask too, and the delegates refuse them: their own log says so.
            try await join(store, outsiders, by: [fay], council: site.id, delegates: [bob, cy], .yesNo(.no))
            let refused = try #require(try await store.auditLog(of: outsiders.id, before: nil, limit: 20))
            #expect(refused.contains { if case .councilRefused("Site") = $0.fact { return true }; return false })
            let formed = try #require(try await store.council(site.id))
            #expect(Dictionary(uniqueKeysWithValues: formed.members.map { ($0.name, $0.members) }) == ["Cashiers": 2, "Cleaners": 2, "Drivers": 1])

            // Members of member assemblies read it; an assembly outside it cannot.
            #expect(try await store.access(to: site.id, for: dee.id)?.1 == .observer)
            #expect(try await store.access(to: site.id, for: fay.id) == nil)
            #expect(try await store.callTarget(site.id.rawValue, for: outsiders.id) == nil)

            // Each assembly elects its own delegate: one seat per assembly, counted per assembly.
            try await elect(eve, to: site.id, in: drivers, by: [eve], store)
            let seated = try #require(try await store.council(site.id))
            #expect(Set(seated.delegates.map(\.pseudonym)) == ["Bob", "Cy", "Eve"])
            #expect(seated.delegates(of: cleaners.id).map(\.pseudonym) == ["Cy"])
            #expect(try await store.councils(of: drivers.id).first?.vacancies == 0)

            // Only the sending assembly recalls: a recall of Bob decided by the Cleaners does nothing.
            _ = try await pass(store, motion(.recallDelegate(RecallDelegate(committee: site.id, committeeName: "Site", member: bob.id, pseudonym: "Bob"))),
                               in: cleaners, by: [cy, dee])
            #expect(try await store.council(site.id)?.delegates.contains { $0.account == bob.id } == true)

            // A council proposal for ratification, passed by the delegates.
            let (councilAssembly, access) = try #require(try await store.access(to: site.id, for: bob.id))
            #expect(access == .member)
            let (decision, _) = try await store.createProposal(in: councilAssembly, by: bob, draft: motion(nil, forRatification: true), now: t0)
            try await decide(store, decision, in: site.id, by: [bob, cy, eve])
            var status = try #require(try await store.proposal(decision.id, in: site.id)?.ratification)
            #expect(status.status == .pending && Set(status.answers.map(\.name)) == ["Cashiers", "Cleaners", "Drivers"])
            #expect(status.answers.allSatisfy { $0.ratified == nil })

            // The Drivers reject it: 2 of 3 assemblies can still ratify, so it waits.
            let isRatification: (Effect) -> Bool = { if case .ratifyDecision = $0 { return true }; return false }
            try await decide(store, try await platformVote(in: drivers.id, store, where: isRatification), in: drivers.id, by: [eve], .yesNo(.no))
            status = try #require(try await store.proposal(decision.id, in: site.id)?.ratification)
            #expect(status.status == .pending && status.answers.first { $0.name == "Drivers" }?.ratified == false)
            // The Cashiers ratify: 1 of 3 is under half, still waiting.
            try await decide(store, try await platformVote(in: cashiers.id, store, where: isRatification), in: cashiers.id, by: [ann, bob])
            #expect(try await store.proposal(decision.id, in: site.id)?.ratification?.status == .pending)
            // The Cleaners ratify: 2 of 3 assemblies, 4 of 5 members: ratified.
            try await decide(store, try await platformVote(in: cleaners.id, store, where: isRatification), in: cleaners.id, by: [cy, dee])
            status = try #require(try await store.proposal(decision.id, in: site.id)?.ratification)
            #expect(status.status == .ratified && Dictionary(uniqueKeysWithValues: status.answers.map { ($0.name, $0.ratified) })
                == ["Cashiers": true, "Cleaners": true, "Drivers": false])
            let log = try #require(try await store.auditLog(of: site.id, before: nil, limit: 50))
            #expect(log.contains { if case .ratificationDecided(decision.id, true) = $0.fact { return true }; return false })

            // Leaving: the Drivers' delegate loses the seat at once.
            _ = try await pass(store, motion(.leaveCouncil(LeaveCouncil(council: site.id, councilName: "Site"))), in: drivers, by: [eve])
            #expect(try await store.access(to: site.id, for: eve.id) == nil)
            #expect(Set(try await store.council(site.id)?.members.map(\.name) ?? []) == ["Cashiers", "Cleaners"])
        }
    }

    @Test(arguments: Backend.available)
    func aSolidarityCallIsAnsweredByEachReceivingAssemblysOwnDecision(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await account(store, "Ann")
            try await newcomers(store, founder: ann)
            let cashiers = try await store.createAssembly(name: try AssemblyName("Cashiers"), founder: ann.id, rules: .defaults, now: t0)
            let cy = try await account(store, "Cy")
            let cleaners = try await store.createAssembly(name: try AssemblyName("Cleaners"), founder: cy.id, rules: .defaults, now: t0)
            let eve = try await account(store, "Eve")
            let drivers = try await store.createAssembly(name: try AssemblyName("Drivers"), founder: eve.id, rules: .defaults, now: t0)
            let charter = Charter(seats: 1, termDays: nil, mandate: "Coordinate", channelPrivate: false, weighting: .perDelegate, ratification: .majority)
            _ = try await pass(store, motion(.foundCouncil(FoundCouncil(name: "Site", charter: charter))), in: cashiers, by: [ann])
            let site = try #require(try await store.councils(of: cashiers.id).first)
            try await elect(ann, to: site.id, in: cashiers, by: [ann], store)
            try await join(store, cleaners, by: [cy], council: site.id, delegates: [ann])
            try await join(store, drivers, by: [eve], council: site.id, delegates: [ann])

            // Sent through the council by the Cashiers' decision: the two other assemblies each get a vote.
            let target = try #require(try await store.callTarget(site.id.rawValue, for: cashiers.id))
            #expect(target.isCouncil && target.name == "Site")
            let request = CallRequest(what: "Walk out at noon", when: "Friday 12:00", why: "A cashier was fired")
            _ = try await pass(store, motion(.sendCall(SendCall(to: target, request: request))), in: cashiers, by: [ann])
            let isAnswer: (Effect) -> Bool = { if case .answerCall = $0 { return true }; return false }
            let cleanersVote = try await platformVote(in: cleaners.id, store, where: isAnswer)
            #expect(cleanersVote.draft.method == .approval && cleanersVote.draft.options == ["Join", "Support", "Decline"])
            #expect(try await store.proposals(in: cashiers.id).contains { $0.isOpen && $0.draft.effect.map(isAnswer) == true } == false)
            var calls = try await store.solidarityCalls(involving: cashiers.id)
            #expect(calls.count == 1 && calls[0].replies.map(\.name) == ["Cleaners", "Drivers"] && calls[0].replies.allSatisfy { $0.answeredAt == nil })

            // The Cleaners join; the Drivers decide nothing (no ballot: no quorum).
            try await decide(store, cleanersVote, in: cleaners.id, by: [cy], .approval(["Join"]))
            _ = try await store.closeProposal(try await platformVote(in: drivers.id, store, where: isAnswer).id, in: drivers.id, now: t0 + 5)
            // Every assembly involved sees every answer.
            for assembly in [cashiers.id, cleaners.id, drivers.id] {
                calls = try await store.solidarityCalls(involving: assembly)
                #expect(calls.count == 1 && calls[0].replies.map(\.answer) == [.join, nil] && calls[0].replies.allSatisfy { $0.answeredAt != nil })
            }
            #expect(try await store.solidarityCalls(through: site.id).count == 1)

            // Straight to one assembly, named by its code: only it receives the call.
            let direct = try #require(try await store.callTarget(drivers.id.rawValue, for: cleaners.id))
            #expect(!direct.isCouncil)
            _ = try await pass(store, motion(.sendCall(SendCall(to: direct, request: request))), in: cleaners, by: [cy])
            #expect(try await store.solidarityCalls(involving: drivers.id).count == 2)
            #expect(try await store.solidarityCalls(involving: cashiers.id).count == 1)
            // An assembly cannot call itself.
            #expect(try await store.callTarget(cleaners.id.rawValue, for: cleaners.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aCouncilOfCouncilsNeedsNoSpecialCase(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await account(store, "Ann")
            try await newcomers(store, founder: ann)
            let cashiers = try await store.createAssembly(name: try AssemblyName("Cashiers"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await account(store, "Bob", into: cashiers.id)
            let cy = try await account(store, "Cy")
            let cleaners = try await store.createAssembly(name: try AssemblyName("Cleaners"), founder: cy.id, rules: .defaults, now: t0)
            let eve = try await account(store, "Eve")
            let drivers = try await store.createAssembly(name: try AssemblyName("Drivers"), founder: eve.id, rules: .defaults, now: t0)
            let charter = Charter(seats: 1, termDays: nil, mandate: "Coordinate", channelPrivate: false, weighting: .perDelegate, ratification: .majority)
            // A site council of cashiers and cleaners; a regional council founded by the drivers.
            _ = try await pass(store, motion(.foundCouncil(FoundCouncil(name: "Site", charter: charter))), in: cashiers, by: [ann, bob])
            let site = try #require(try await store.councils(of: cashiers.id).first)
            try await elect(ann, to: site.id, in: cashiers, by: [ann, bob], store)
            try await join(store, cleaners, by: [cy], council: site.id, delegates: [ann])
            try await elect(cy, to: site.id, in: cleaners, by: [cy], store)
            _ = try await pass(store, motion(.foundCouncil(FoundCouncil(name: "Region", charter: charter))), in: drivers, by: [eve])
            let region = try #require(try await store.councils(of: drivers.id).first)
            try await elect(eve, to: region.id, in: drivers, by: [eve], store)

            // The site council asks to join the region by its delegates' decision, and is admitted.
            let (siteAssembly, _) = try #require(try await store.access(to: site.id, for: ann.id))
            try await join(store, siteAssembly, by: [ann, cy], council: region.id, delegates: [eve])
            #expect(Set(try await store.council(region.id)?.members.map(\.name) ?? []) == ["Drivers", "Site"])
            // It elects its delegate there from among its own delegates.
            try await elect(ann, to: region.id, in: siteAssembly, by: [ann, cy], store)
            #expect(try await store.council(region.id)?.delegates(of: site.id).map(\.pseudonym) == ["Ann"])
            // The site's delegates read the region; a member of the cashiers who is no delegate does not.
            #expect(try await store.access(to: region.id, for: cy.id)?.1 == .observer)
            #expect(try await store.access(to: region.id, for: bob.id) == nil)

            // A regional decision for ratification is put to the drivers and to the site council alike.
            let (regionAssembly, _) = try #require(try await store.access(to: region.id, for: eve.id))
            let (decision, _) = try await store.createProposal(in: regionAssembly, by: eve, draft: motion(nil, forRatification: true), now: t0)
            try await decide(store, decision, in: region.id, by: [eve, ann])
            let asked = try #require(try await store.proposal(decision.id, in: region.id)?.ratification)
            #expect(Set(asked.answers.map(\.name)) == ["Drivers", "Site"])
            let isRatification: (Effect) -> Bool = { if case .ratifyDecision = $0 { return true }; return false }
            try await decide(store, try await platformVote(in: site.id, store, where: isRatification), in: site.id, by: [ann, cy])
            try await decide(store, try await platformVote(in: drivers.id, store, where: isRatification), in: drivers.id, by: [eve])
            #expect(try await store.proposal(decision.id, in: region.id)?.ratification?.status == .ratified)

            // Recalled by the cashiers from the site council, Ann loses the seat it sent her to as well.
            _ = try await pass(store, motion(.recallDelegate(RecallDelegate(committee: site.id, committeeName: "Site", member: ann.id, pseudonym: "Ann"))),
                               in: cashiers, by: [ann, bob])
            #expect(try await store.access(to: site.id, for: ann.id)?.1 == .observer)
            #expect(try await store.council(region.id)?.delegates(of: site.id).isEmpty == true)
            #expect(try await store.access(to: region.id, for: ann.id) == nil)
        }
    }
}
