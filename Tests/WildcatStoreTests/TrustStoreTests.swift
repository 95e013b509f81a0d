import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// A spoof checker for tests: names whose letters are all "o"-like share a skeleton.
private struct FoldingO: NameSpoofing {
    func skeleton(_ text: String) -> String? { text.replacingOccurrences(of: "\u{043E}", with: "o") }
    func mixesScripts(_ text: String) -> Bool { false }
}

private func account(_ store: Store, _ pseudonym: String, into assembly: ID<Assembly>? = nil) async throws -> Account {
    let token: SecretToken
    if let assembly {
        token = try await store.createInvite(assemblyID: assembly, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: t0 + 3600), now: t0).1
    } else {
        token = try #require(try await store.firstPersonInvite(now: t0, validFor: 3600))
    }
    return try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try DistinctPseudonym(try Pseudonym(pseudonym), spoofing: FoldingO()),
                                         passphraseHash: "x", now: t0).0
}

private func draft(secret: Bool = false, closesIn: TimeInterval = 3600) -> ProposalDraft {
    ProposalDraft(title: "Strike", body: "", method: .yesno, options: [], seats: 1, threshold: Threshold(Fraction(1, 2)!, .moreThan),
                  abstentionsCount: false, quorum: .share(Fraction(1, 4)!), dotBudget: 5, secret: secret, resultsLive: !secret,
                  closesAt: t0 + closesIn, effect: nil)
}

/// The store's side of the trust holes of issue 9, on SQLite and PostgreSQL.
@Suite("Trust store", .serialized)
struct TrustStoreTests {
    @Test(arguments: Backend.available)
    func lookalikePseudonymsShareASkeletonAndAreRefused(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await account(store, "Rosa")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: rosa.id, rules: .defaults, now: t0)
            let lookalike = try DistinctPseudonym(try Pseudonym("R\u{043E}sa"), spoofing: FoldingO())
            #expect(try await store.pseudonymTaken(lookalike))
            await #expect(throws: Refusal.pseudonymTaken) { _ = try await account(store, "R\u{043E}sa", into: assembly.id) }
            _ = try await account(store, "Rose", into: assembly.id)
        }
    }

    @Test(arguments: Backend.available)
    func attemptsAreCountedInWindowsEveryNodeShares(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            // Three allowed in a minute: the fourth is refused until the minute is over.
            for second in 0..<3 {
                #expect(try await store.attemptsExhausted(keyHash: "k", limit: 3, window: 60, now: t0 + Double(second)) == nil)
                #expect(try await store.countAttempt(keyHash: "k", limit: 3, window: 60, now: t0 + Double(second)) == nil)
            }
            #expect(try await store.attemptsExhausted(keyHash: "k", limit: 3, window: 60, now: t0 + 3) == 57)
            #expect(try await store.countAttempt(keyHash: "k", limit: 3, window: 60, now: t0 + 3) == 57)
            #expect(try await store.countAttempt(keyHash: "other", limit: 3, window: 60, now: t0 + 3) == nil)
            // At the window's end a new one starts, with this attempt its first.
            #expect(try await store.attemptsExhausted(keyHash: "k", limit: 3, window: 60, now: t0 + 60) == nil)
            #expect(try await store.countAttempt(keyHash: "k", limit: 3, window: 60, now: t0 + 60) == nil)
            #expect(try await store.countAttempt(keyHash: "k", limit: 1, window: 60, now: t0 + 61) == 59)
            // Many nodes at once: each attempt counted once.
            try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<40 { group.addTask { try await store.countAttempt(keyHash: "burst", limit: 30, window: 60, now: t0) } }
                var refused = 0
                for try await retry in group where retry != nil { refused += 1 }
                #expect(refused == 10)
            }
            // A day later the windows are forgotten.
            #expect(try await store.purgeAttemptWindows(now: t0 + 86_400 + 62) == 3)
            #expect(try await store.attemptsExhausted(keyHash: "k", limit: 0, window: 60, now: t0 + 86_400 + 62) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func endedSessionsAreRecordedForEveryNodeToCloseTheirSockets(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await account(store, "Rosa")
            let phone = try await store.createSession(accountID: rosa.id, tokenHash: SecretToken.generate().hash, device: "phone", now: t0, expiresAt: t0 + 3600)
            let laptop = try await store.createSession(accountID: rosa.id, tokenHash: SecretToken.generate().hash, device: "laptop", now: t0, expiresAt: t0 + 3600)
            let start = try await store.latestRevocationID()
            #expect(try await store.revokeSession(phone.id, accountID: rosa.id, now: t0 + 1))
            #expect(try await store.sessionIsLive(phone.id, now: t0 + 2) == false)
            #expect(try await store.sessionIsLive(laptop.id, now: t0 + 2))
            var seen = try await store.revocations(after: start)
            #expect(seen.map(\.session) == [phone.id] && seen.map(\.account) == [rosa.id])
            // A passphrase change ends the other sessions, unless kept.
            let tablet = try await store.createSession(accountID: rosa.id, tokenHash: SecretToken.generate().hash, device: "tablet", now: t0, expiresAt: t0 + 3600)
            try await store.changePassphrase(rosa.id, to: "y", keeping: laptop.id, signOutOthers: false, now: t0 + 3)
            #expect(try await store.sessionIsLive(tablet.id, now: t0 + 4))
            try await store.changePassphrase(rosa.id, to: "z", keeping: laptop.id, signOutOthers: true, now: t0 + 5)
            #expect(try await store.sessionIsLive(tablet.id, now: t0 + 6) == false)
            #expect(try await store.sessionIsLive(laptop.id, now: t0 + 6))
            seen = try await store.revocations(after: start)
            #expect(seen.compactMap(\.session) == [phone.id, tablet.id])
            // Deleting the account ends all of them at once.
            try await store.deleteAccount(rosa.id, now: t0 + 7)
            let last = try #require(try await store.revocations(after: start).last)
            #expect(last.account == rosa.id && last.session == nil)
            #expect(try await store.latestRevocationID() == last.id)
        }
    }

    @Test(arguments: Backend.available)
    func aKnownDeviceIsKnownOnlyForItsAccount(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await account(store, "Rosa")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await account(store, "Lucy", into: assembly.id)
            let device = SecretToken.generate().hash
            #expect(try await store.isKnownDevice(device, of: rosa.id) == false)
            try await store.rememberDevice(device, of: rosa.id, now: t0)
            try await store.rememberDevice(device, of: rosa.id, now: t0 + 1)
            #expect(try await store.isKnownDevice(device, of: rosa.id))
            #expect(try await store.isKnownDevice(device, of: lucy.id) == false)
        }
    }

    @Test(arguments: Backend.available)
    func aDepartureChangesNoClosedResultAndCutsOffNoVoter(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await account(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await account(store, "Bob", into: assembly.id)
            let cy = try await account(store, "Cy", into: assembly.id)
            let (closed, _) = try await store.createProposal(in: assembly, by: ann, draft: draft(secret: true), now: t0)
            for (voter, choice) in [(ann, YesNoChoice.yes), (bob, .yes), (cy, .no)] {
                _ = try await store.castBallot(.yesNo(choice), on: closed.id, in: assembly.id, by: voter.id, now: t0 + 1)
            }
            let record = try #require(try await store.closeProposal(closed.id, in: assembly.id, now: t0 + 2))
            #expect(record.result != nil)
            let (open, _) = try await store.createProposal(in: assembly, by: ann, draft: draft(), now: t0 + 3)
            _ = try await store.castBallot(.yesNo(.yes), on: open.id, in: assembly.id, by: ann.id, now: t0 + 4)
            _ = try await store.castBallot(.yesNo(.no), on: open.id, in: assembly.id, by: cy.id, now: t0 + 4)
            #expect(try await store.proposalsAwaitingVote(of: bob.id).map(\.id) == [open.id])
            #expect(try await store.proposalsAwaitingVote(of: bob.id, in: assembly.id).map(\.id) == [open.id])
            #expect(try await store.proposalsAwaitingVote(of: ann.id).isEmpty)
            try await store.deleteAccount(cy.id, now: t0 + 5)
            // The closed secret vote keeps the result it had: a record, not a recount.
            let after = try #require(try await store.proposal(closed.id, in: assembly.id))
            #expect(after.result == record.result && after.decision == record.decision)
            // The open vote keeps Cy's ballot, without a name; Bob, who has not voted, is not cut off.
            let ballots = try await store.ballots(on: open.id)
            #expect(ballots.count == 2 && ballots.contains { $0.voter == nil && $0.ballot == .yesNo(.no) })
            #expect(try await store.memberBallots(on: open.id, in: assembly.id) == 1)
            #expect(try await store.openProposals(in: assembly.id).first?.memberBallots == 1)
            #expect(try await store.castBallot(.yesNo(.yes), on: open.id, in: assembly.id, by: bob.id, now: t0 + 6) == 3)
        }
    }

    @Test(arguments: Backend.available)
    func unreadCountsAreExactPerAssemblyAndReadsNameARealMessage(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await account(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await account(store, "Bob", into: assembly.id)
            let general = try #require(try await store.channels(of: assembly.id, for: ann.id).first).channel
            var last: Message?
            for n in 0..<75 {
                last = try await store.postMessage(channelID: general.id, assemblyID: assembly.id, author: bob, text: try MessageText("news \(n)"), threadRoot: nil, now: t0 + Double(n))
            }
            #expect(try await store.unreadCounts(of: ann.id) == [assembly.id: 75])
            #expect(try await store.unreadCounts(of: bob.id) == [assembly.id: 0])
            #expect(try await store.markRead(channelID: general.id, by: ann.id, upTo: ID("no-such-message")) == false)
            #expect(try await store.markRead(channelID: general.id, by: ann.id, upTo: try #require(last).id))
            #expect(try await store.unreadCounts(of: ann.id) == [assembly.id: 0])
        }
    }
}

@Suite struct LeaseWatchTests {
    @Test func aWaitIsCancelledOnceItHasLastedTheLimitAndNotBefore() async throws {
        let watch = LeaseWatch()
        let registered = AsyncStream.makeStream(of: Int.self)
        // The wait begins after this instant: "not yet" is judged from it, not from whenever the
        // test resumes (under the whole suite's load on two cores, a second or more later).
        let before = ContinuousClock.now
        let waiter = Task {
            let id = withUnsafeCurrentTask { watch.add(WatchedTask(task: $0)) }
            registered.continuation.yield(id)
            // Stands for the pool's wait for a connection: it ends only when cancelled.
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            return id
        }
        var ids = registered.stream.makeAsyncIterator()
        let id = try #require(await ids.next())
        watch.giveUpOnStaleWaits(now: before + LeaseWatch.limit - .seconds(1))
        try await Task.sleep(for: .milliseconds(50))
        #expect(!waiter.isCancelled)
        watch.giveUpOnStaleWaits(now: .now + LeaseWatch.limit)
        #expect(await waiter.value == id)
        #expect(waiter.isCancelled)
        // The waiter learns that the watch gave up: its wait is no longer registered.
        #expect(!watch.remove(id))
    }

    @Test func aWaitThatGotItsConnectionIsNeverCancelled() async throws {
        let watch = LeaseWatch()
        let task = Task {
            let id = withUnsafeCurrentTask { watch.add(WatchedTask(task: $0)) }
            #expect(watch.remove(id))
            watch.giveUpOnStaleWaits(now: .now + LeaseWatch.limit * 2)
            return Task.isCancelled
        }
        #expect(await task.value == false)
    }
}
