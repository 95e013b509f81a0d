import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private struct Fixture {
    let store: Store
    let ann: Account, bob: Account, cy: Account
    let assembly: Assembly
}

private func fixture(_ store: Store) async throws -> Fixture {
    let first = try #require(try await store.firstPersonInvite(now: t0, validFor: 3600))
    let ann = try await store.createAccount(inviteTokenHash: first.hash, pseudonym: try name("Ann"), passphraseHash: "x", now: t0).0
    let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
    let (_, invite) = try await store.createInvite(assemblyID: assembly.id, by: .operator, terms: InviteTerms(maxUses: 2, expiresAt: t0 + 3600), now: t0)
    let bob = try await store.createAccount(inviteTokenHash: invite.hash, pseudonym: try name("Bob"), passphraseHash: "x", now: t0).0
    let cy = try await store.createAccount(inviteTokenHash: invite.hash, pseudonym: try name("Cy"), passphraseHash: "x", now: t0).0
    return Fixture(store: store, ann: ann, bob: bob, cy: cy, assembly: assembly)
}

private func draft(_ title: String = "Retention 30 days", effect: Effect? = nil, method: DecisionMethod = .yesno,
                   options: [String] = [], closesIn: TimeInterval = 3600) -> ProposalDraft {
    ProposalDraft(title: title, body: "", method: method, options: options, seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                  abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: false, resultsLive: true,
                  closesAt: t0 + closesIn, effect: effect)
}

@Suite("Proposals store", .serialized)
struct ProposalStoreTests {
    @Test(arguments: Backend.available)
    func aBallotIsReplacedNeverCountedTwiceAndRefusedAfterClose(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            let (p, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(), now: t0)
            #expect(try await store.castBallot(.yesNo(.no), on: p.id, in: f.assembly.id, by: f.bob.id, now: t0 + 1) == 1)
            #expect(try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.bob.id, now: t0 + 2) == 1)
            #expect(try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.ann.id, now: t0 + 2) == 2)
            #expect(try await store.proposal(p.id, in: f.assembly.id)?.ballotCount == 2)
            #expect(try await store.openProposals(in: f.assembly.id).map(\.memberBallots) == [2])
            #expect(try await store.ballot(on: p.id, by: f.bob.id) == .yesNo(.yes))
            #expect(try await store.ballots(on: p.id).count == 2)
            // Past the deadline, and after closing, votes are refused.
            await #expect(throws: Refusal.votingClosed) {
                try await store.castBallot(.yesNo(.no), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0 + 3600)
            }
            // A stranger cannot vote here.
            let other = try await store.createAssembly(name: try AssemblyName("Other"), founder: f.cy.id, rules: .defaults, now: t0)
            await #expect(throws: Refusal.notFound) {
                try await store.castBallot(.yesNo(.yes), on: p.id, in: other.id, by: f.cy.id, now: t0 + 3)
            }
            try await store.leave(f.assembly.id, accountID: f.cy.id, now: t0)
            await #expect(throws: Refusal.notFound) {
                try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0 + 3)
            }
        }
    }

    /// Ballots cast at the same moment (one statement on PostgreSQL): each is stored or refused
    /// on its own, a voter's two ballots count once, and the count is exact.
    @Test(arguments: Backend.available)
    func ballotsCastTogetherAreEachStoredOrRefusedOnTheirOwn(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            let (p, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(), now: t0)
            let stranger = try await store.createAssembly(name: try AssemblyName("Elsewhere"), founder: f.cy.id, rules: .defaults, now: t0)
            let voters = [f.ann, f.bob, f.cy, f.ann, f.bob]
            let outcomes = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
                for (n, voter) in voters.enumerated() {
                    group.addTask {
                        do { return (n, .success(try await store.castBallot(.yesNo(n < 3 ? .no : .yes), on: p.id, in: f.assembly.id, by: voter.id, now: t0 + 1))) }
                        catch { return (n, .failure(error)) }
                    }
                }
                // Under the wrong assembly, and past the deadline: refused, whatever else is cast.
                group.addTask {
                    do { return (5, .success(try await store.castBallot(.yesNo(.yes), on: p.id, in: stranger.id, by: f.cy.id, now: t0 + 1))) }
                    catch { return (5, .failure(error)) }
                }
                group.addTask {
                    do { return (6, .success(try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0 + 3600))) }
                    catch { return (6, .failure(error)) }
                }
                return await group.reduce(into: [Int: Result<Int, any Error>]()) { $0[$1.0] = $1.1 }
            }
            for n in 0..<5 { #expect((try? outcomes[n]?.get()).map { (1...3).contains($0) } == true, "ballot \(n)") }
            #expect(throws: Refusal.notFound) { try outcomes[5]?.get() }
            #expect(throws: Refusal.votingClosed) { try outcomes[6]?.get() }
            #expect(try await store.proposal(p.id, in: f.assembly.id)?.ballotCount == 3)
            #expect(try await store.ballots(on: p.id).count == 3)
            #expect(try await store.ballot(on: p.id, by: f.cy.id) == .yesNo(.no))
            if backend == .postgres {
                // One batch, as PostgreSQL's voters who arrive together are: a voter twice (the
                // later ballot kept), a stranger, a late ballot.
                let json = { (ballot: Ballot) in try StoredJSON.encode(ballot) }
                let batch = [
                    OpenBallot(id: "b1", proposalID: p.id.rawValue, assemblyID: f.assembly.id.rawValue, voterID: f.ann.id.rawValue, ballot: try json(.yesNo(.no)), now: t0.storeMillis + 5),
                    OpenBallot(id: "b2", proposalID: p.id.rawValue, assemblyID: stranger.id.rawValue, voterID: f.cy.id.rawValue, ballot: try json(.yesNo(.no)), now: t0.storeMillis + 5),
                    OpenBallot(id: "b3", proposalID: p.id.rawValue, assemblyID: f.assembly.id.rawValue, voterID: f.ann.id.rawValue, ballot: try json(.yesNo(.abstain)), now: t0.storeMillis + 5),
                    OpenBallot(id: "b4", proposalID: p.id.rawValue, assemblyID: f.assembly.id.rawValue, voterID: f.bob.id.rawValue, ballot: try json(.yesNo(.no)), now: (t0 + 3600).storeMillis),
                    OpenBallot(id: "b5", proposalID: "no-such-proposal", assemblyID: f.assembly.id.rawValue, voterID: f.bob.id.rawValue, ballot: try json(.yesNo(.no)), now: t0.storeMillis + 5),
                ]
                #expect(try await store.castOpenBallots(batch) == [true, false, true, false, false])
                #expect(try await store.ballot(on: p.id, by: f.ann.id) == .yesNo(.abstain))
                #expect(try await store.proposal(p.id, in: f.assembly.id)?.ballotCount == 3)
            }
        }
    }

    @Test(arguments: Backend.available)
    func closingHappensExactlyOnceAndCarriesOutARuleChange(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            var rules = AssemblyRules.defaults
            rules.retentionDays = 30
            let (p, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(effect: .changeRules(ChangeRules(rules: rules))), now: t0)
            _ = try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.ann.id, now: t0 + 1)
            _ = try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.bob.id, now: t0 + 1)
            #expect(try await store.openProposals(closingBy: t0 + 3599).isEmpty)
            #expect(try await store.openProposals(closingBy: t0 + 3600).map(\.id) == [p.id])
            // Two closers race (two nodes, or a restart): one closes, the other finds it closed.
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 { group.addTask { (try? await store.closeProposal(p.id, in: f.assembly.id, now: t0 + 3600)) != nil } }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(results == 1)
            let closed = try #require(try await store.proposal(p.id, in: f.assembly.id))
            #expect(closed.decision?.outcome == .passed)
            #expect(closed.decision?.participants == 2 && closed.decision?.members == 3)
            #expect(try await store.assembly(f.assembly.id, member: f.ann.id)?.rules.retentionDays == 30)
            let kinds = try await store.auditLog(of: f.assembly.id)!.map(\.fact.kind)
            #expect(kinds.prefix(3) == [.rulesChanged, .proposalClosed, .proposalCreated])
            #expect(try await store.auditLog(of: f.assembly.id)!.first?.fact == .rulesChanged(proposal: p.id, from: .defaults, to: rules))
            #expect(try await store.openProposals(closingBy: t0 + 9999).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func withoutQuorumOrMajorityNothingIsCarriedOut(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            var quorumDraft = draft(effect: .renameAssembly(RenameAssembly(name: "Renamed")))
            quorumDraft.quorum = .voters(3)
            let (p1, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: quorumDraft, now: t0)
            _ = try await store.castBallot(.yesNo(.yes), on: p1.id, in: f.assembly.id, by: f.ann.id, now: t0)
            #expect(try await store.closeProposal(p1.id, in: f.assembly.id, now: t0 + 3600)?.decision?.outcome == .noQuorum)
            let (p2, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(effect: .removeMember(RemoveMember(member: f.bob.id, pseudonym: "Bob"))), now: t0)
            _ = try await store.castBallot(.yesNo(.yes), on: p2.id, in: f.assembly.id, by: f.ann.id, now: t0)
            _ = try await store.castBallot(.yesNo(.no), on: p2.id, in: f.assembly.id, by: f.bob.id, now: t0)
            #expect(try await store.closeProposal(p2.id, in: f.assembly.id, now: t0 + 3600)?.decision?.outcome == .failed)
            #expect(try await store.assembly(f.assembly.id, member: f.bob.id)?.name == "Store 14")
        }
    }

    @Test(arguments: Backend.available)
    func removalAndAdmissionAreCarriedOutWhenTheyPass(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            let (remove, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(effect: .removeMember(RemoveMember(member: f.cy.id, pseudonym: "Cy"))), now: t0)
            let (admit, token) = try await store.createProposal(in: f.assembly, by: f.ann,
                                                                 draft: draft(effect: .admitPerson(AdmitPerson(invite: nil, description: "Maria from nights"))), now: t0)
            let link = try #require(token)
            await #expect(throws: Refusal.inviteNotUsable(.awaitingDecision)) {
                try await store.createAccount(inviteTokenHash: link.hash, pseudonym: try name("Maria"), passphraseHash: "x", now: t0 + 1)
            }
            for proposal in [remove, admit] {
                for voter in [f.ann, f.bob] { _ = try await store.castBallot(.yesNo(.yes), on: proposal.id, in: f.assembly.id, by: voter.id, now: t0 + 2) }
                _ = try await store.closeProposal(proposal.id, in: f.assembly.id, now: t0 + 3600)
            }
            #expect(try await store.assembly(f.assembly.id, member: f.cy.id) == nil)
            let events = try await store.events(after: 0)
            #expect(events.contains { $0.payload == .memberLeft(f.cy.id) })
            let (maria, joined) = try await store.createAccount(inviteTokenHash: link.hash, pseudonym: try name("Maria"), passphraseHash: "x", now: t0 + 3601)
            #expect(joined == f.assembly.id)
            #expect(try await store.members(of: f.assembly.id).map(\.pseudonym).contains(maria.pseudonym))
        }
    }

    @Test(arguments: Backend.available)
    func optionVotesAreTalliedAtClose(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            let (p, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft("Which day", method: .irv, options: ["Mon", "Tue", "Wed"]), now: t0)
            _ = try await store.castBallot(.ranking(["Mon", "Tue"]), on: p.id, in: f.assembly.id, by: f.ann.id, now: t0)
            _ = try await store.castBallot(.ranking(["Tue"]), on: p.id, in: f.assembly.id, by: f.bob.id, now: t0)
            _ = try await store.castBallot(.ranking(["Wed", "Tue"]), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0)
            _ = try await store.castBallot(.ranking(["Tue", "Wed"]), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0)   // Cy changes their mind
            let closed = try #require(try await store.closeProposal(p.id, in: f.assembly.id, now: t0 + 3600))
            #expect(closed.decision?.outcome == .decided)
            #expect(closed.decision?.winners == ["Tue"])
            #expect(closed.tieSeed != nil)
            // Anyone can recount from the stored ballots and the published seed.
            let recount = try Tally.tally(closed.election(ballots: try await store.ballots(on: p.id).map(\.ballot)))
            #expect(recount.winners == closed.decision?.winners)
        }
    }
}

@Suite("Hot statements", .serialized)
struct HotStatementTests {
    /// The statements kept prepared on PostgreSQL take what a request brings as data: hostile,
    /// empty or huge text finds nothing, refuses the ballot, and changes nothing.
    @Test(arguments: Backend.available)
    func hostileTextInPreparedStatementsIsOnlyData(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let f = try await fixture(store)
            let (p, _) = try await store.createProposal(in: f.assembly, by: f.ann, draft: draft(), now: t0)
            #expect(try await store.castBallot(.yesNo(.yes), on: p.id, in: f.assembly.id, by: f.bob.id, now: t0 + 1) == 1)
            let hostile = ["", "' OR '1'='1", "x'); DELETE FROM ballots; --", String(repeating: "a", count: 1_000_000), "é\u{202E}"]
            for text in hostile {
                #expect(try await store.session(tokenHash: text, now: t0) == nil)
                #expect(try await store.access(to: ID(text), for: f.ann.id) == nil)
                #expect(try await store.access(to: f.assembly.id, for: ID(text)) == nil)
                await #expect(throws: (any Error).self) {
                    try await store.castBallot(.yesNo(.no), on: ID(text), in: f.assembly.id, by: f.cy.id, now: t0 + 2)
                }
                await #expect(throws: (any Error).self) {
                    try await store.castBallot(.yesNo(.no), on: p.id, in: f.assembly.id, by: ID(text), now: t0 + 2)
                }
            }
            // Nothing changed: one ballot, and the members still reach their assembly.
            #expect(try await store.castBallot(.yesNo(.no), on: p.id, in: f.assembly.id, by: f.cy.id, now: t0 + 3) == 2)
            #expect(try await store.access(to: f.assembly.id, for: f.ann.id) != nil)
        }
    }
}
