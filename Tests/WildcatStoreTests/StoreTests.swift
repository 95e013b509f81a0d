import Foundation
import Logging
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// Makes an account through a fresh operator invite to `assembly`, or the first-person invite.
private func makeAccount(_ store: Store, _ pseudonym: String, into assembly: ID<Assembly>? = nil, now: Date = t0) async throws -> Account {
    let token: SecretToken
    if let assembly {
        token = try await store.createInvite(assemblyID: assembly, by: .operator, terms: InviteTerms(maxUses: 1, expiresAt: now.addingTimeInterval(3600)), now: now).1
    } else {
        token = try #require(try await store.firstPersonInvite(now: now, validFor: 3600))
    }
    return try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name(pseudonym), passphraseHash: "x", now: now).0
}

@Suite("Store", .serialized)
struct StoreTests {
    @Test(arguments: Backend.available)
    func migrationsApplyOnceAndRecordTheVersion(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            #expect(try await store.migrate(now: t0) == [])
            #expect(try await store.schemaVersion() == Migrations.latest)
        }
    }

    @Test(arguments: Backend.available)
    func firstPersonInviteExistsOnlyWhileNobodyHasAnAccount(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let first = try #require(try await store.firstPersonInvite(now: t0, validFor: 3600))
            let second = try #require(try await store.firstPersonInvite(now: t0, validFor: 3600))
            // Printing a new link withdraws the old one.
            await #expect(throws: Refusal.inviteNotUsable(.revoked)) {
                try await store.createAccount(inviteTokenHash: first.hash, pseudonym: try name("ann"), passphraseHash: "x", now: t0)
            }
            let (account, assembly) = try await store.createAccount(inviteTokenHash: second.hash, pseudonym: try name("Ann"), passphraseHash: "x", now: t0)
            #expect(account.pseudonym == "Ann")
            #expect(assembly == nil)
            #expect(try await store.firstPersonInvite(now: t0, validFor: 3600) == nil)
            await #expect(throws: Refusal.inviteNotUsable(.used)) {
                try await store.createAccount(inviteTokenHash: second.hash, pseudonym: try name("Bob"), passphraseHash: "x", now: t0)
            }
        }
    }

    @Test(arguments: Backend.available)
    func takenPseudonymIsRefusedWithoutUsingTheInvite(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann Lee")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let (_, token) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 1, expiresAt: t0 + 60), now: t0)
            await #expect(throws: Refusal.pseudonymTaken) {
                try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("annlee"), passphraseHash: "x", now: t0)
            }
            // The refused attempt did not count as the invite's single use.
            let lookup = try #require(try await store.lookupInvite(tokenHash: token.hash))
            #expect(lookup.invite.uses == 0)
            #expect(lookup.assemblyName == "Store 14")
            _ = try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("Bo"), passphraseHash: "x", now: t0)
        }
    }

    @Test(arguments: Backend.available)
    func foundingAnAssemblyMakesTheFounderAMemberAndIsLogged(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14 workers"), founder: ann.id, rules: .defaults, now: t0)
            let members = try await store.members(of: assembly.id)
            #expect(members.map(\.pseudonym) == ["Ann"])
            #expect(members[0].invitedBy == nil)
            let fetched = try #require(try await store.assembly(assembly.id, member: ann.id))
            #expect(fetched.rules == .defaults)
            #expect(fetched.name == "Store 14 workers")
            let log = try await store.auditLog(of: assembly.id)!
            #expect(log.map(\.fact) == [.assemblyFounded(name: "Store 14 workers")])
            #expect(log[0].actor == .member("Ann"))
            #expect(try await store.assemblies(of: ann.id).map(\.members) == [1])
        }
    }

    @Test(arguments: Backend.available)
    func joiningThroughAMemberInviteRecordsWhoInvitedWhom(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let (_, token) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 1, expiresAt: t0 + 60), now: t0)
            let (bob, joined) = try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("Bob"), passphraseHash: "x", now: t0 + 1)
            #expect(joined == assembly.id)
            let members = try await store.members(of: assembly.id)
            #expect(members.map(\.pseudonym) == ["Ann", "Bob"])
            #expect(members[1].invitedBy == "Ann")
            let log = try await store.auditLog(of: assembly.id)!
            #expect(log.map(\.fact.kind) == [.memberJoined, .inviteCreated, .assemblyCreated])
            #expect(log[0].fact == .memberJoined(invitedByOperator: false))
            #expect(log[0].actor == .member("Bob") && log[0].subject == "Ann")
            #expect(log[1].fact == .inviteCreated(maxUses: 1, expiresAt: t0 + 60))
            #expect(try await store.assembly(assembly.id, member: bob.id) != nil)
        }
    }

    @Test(arguments: Backend.available)
    func singleUseInviteAdmitsExactlyOnePersonUnderConcurrentUse(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let (_, token) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 1, expiresAt: t0 + 60), now: t0)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        (try? await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("racer\(i)"), passphraseHash: "x", now: t0)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.members(of: assembly.id).count == 2)
            #expect(try await store.lookupInvite(tokenHash: token.hash)?.invite.uses == 1)
        }
    }

    @Test(arguments: Backend.available)
    func multiUseInviteStopsAtItsLimitAndExpires(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let (_, token) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 2, expiresAt: t0 + 60), now: t0)
            _ = try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("b1"), passphraseHash: "x", now: t0)
            _ = try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("b2"), passphraseHash: "x", now: t0)
            await #expect(throws: Refusal.inviteNotUsable(.used)) {
                try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("b3"), passphraseHash: "x", now: t0)
            }
            let (_, open) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: nil, expiresAt: t0 + 60), now: t0)
            await #expect(throws: Refusal.inviteNotUsable(.expired)) {
                try await store.createAccount(inviteTokenHash: open.hash, pseudonym: try name("late"), passphraseHash: "x", now: t0 + 60)
            }
            await #expect(throws: Refusal.inviteNotFound) {
                try await store.createAccount(inviteTokenHash: SecretToken.generate().hash, pseudonym: try name("nobody"), passphraseHash: "x", now: t0)
            }
            #expect(try await store.members(of: assembly.id).count == 3)
        }
    }

    @Test(arguments: Backend.available)
    func revokedInviteAdmitsNobodyAndTheRevocationIsLogged(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let (invite, token) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 5, expiresAt: t0 + 60), now: t0)
            #expect(try await store.openInvites(of: assembly.id, now: t0).map(\.id) == [invite.id])
            try await store.revokeInvite(invite.id, assemblyID: assembly.id, by: .member(ann.id), now: t0)
            #expect(try await store.openInvites(of: assembly.id, now: t0).isEmpty)
            await #expect(throws: Refusal.inviteNotUsable(.revoked)) {
                try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("Bob"), passphraseHash: "x", now: t0)
            }
            await #expect(throws: Refusal.notFound) {
                try await store.revokeInvite(invite.id, assemblyID: assembly.id, by: .member(ann.id), now: t0)
            }
            #expect(try await store.auditLog(of: assembly.id)!.first?.fact == .inviteRevoked)
        }
    }

    @Test(arguments: Backend.available)
    func existingAccountJoinsAnotherAssemblyOnceOnly(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let first = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await makeAccount(store, "Bob", into: first.id)
            let second = try await store.createAssembly(name: try AssemblyName("Janitors"), founder: bob.id, rules: .defaults, now: t0)
            #expect(try await store.assembly(second.id, member: ann.id) == nil)
            let (_, token) = try await store.createInvite(assemblyID: second.id, by: .member(bob.id), terms: InviteTerms(maxUses: 3, expiresAt: t0 + 60), now: t0)
            #expect(try await store.join(inviteTokenHash: token.hash, accountID: ann.id, now: t0) == second.id)
            await #expect(throws: Refusal.alreadyMember) {
                try await store.join(inviteTokenHash: token.hash, accountID: ann.id, now: t0)
            }
            #expect(try await store.lookupInvite(tokenHash: token.hash)?.invite.uses == 1)
            #expect(try await store.assemblies(of: ann.id).count == 2)
        }
    }

    @Test(arguments: Backend.available)
    func sessionsExpireAndCanBeRevokedOnlyByTheirOwner(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await makeAccount(store, "Bob", into: assembly.id)
            let token = SecretToken.generate()
            let session = try await store.createSession(accountID: ann.id, tokenHash: token.hash, device: "Firefox on Android", now: t0, expiresAt: t0 + 100)
            #expect(try await store.session(tokenHash: token.hash, now: t0 + 99)?.1.id == ann.id)
            #expect(try await store.session(tokenHash: token.hash, now: t0 + 100) == nil)
            // Touched among 1,200 others (three statements of 500): each gets its own times.
            var others: [(id: ID<Session>, lastSeen: Date, expiresAt: Date)] = []
            for i in 0..<1200 {
                let other = try await store.createSession(accountID: bob.id, tokenHash: SecretToken.generate().hash, device: "d\(i)", now: t0, expiresAt: t0 + 100)
                others.append((other.id, t0 + 10, t0 + 100 + Double(i)))
            }
            try await store.touchSessions(others.prefix(700) + [(id: session.id, lastSeen: t0 + 50, expiresAt: t0 + 200)] + others.dropFirst(700))
            #expect(try await store.session(tokenHash: token.hash, now: t0 + 150) != nil)
            #expect(try await store.session(tokenHash: token.hash, now: t0 + 200) == nil)
            #expect(try await store.sessions(accountID: bob.id, now: t0 + 1297).count == 2)
            #expect(try await store.sessions(accountID: ann.id, now: t0).map(\.device) == ["Firefox on Android"])
            #expect(try await store.revokeSession(session.id, accountID: bob.id, now: t0) == false)
            #expect(try await store.revokeSession(session.id, accountID: ann.id, now: t0) == true)
            #expect(try await store.session(tokenHash: token.hash, now: t0) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func deletingAnAccountRemovesItsTracesAndEmptyAssemblies(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let ann = try await makeAccount(store, "Ann")
            let shared = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            let alone = try await store.createAssembly(name: try AssemblyName("Just me"), founder: ann.id, rules: .defaults, now: t0)
            let bob = try await makeAccount(store, "Bob", into: shared.id)
            let (_, annInvite) = try await store.createInvite(assemblyID: shared.id, by: .member(ann.id), terms: InviteTerms(maxUses: 1, expiresAt: t0 + 60), now: t0)
            _ = try await store.createSession(accountID: ann.id, tokenHash: "h", device: "d", now: t0, expiresAt: t0 + 100)
            try await store.deleteAccount(ann.id, now: t0 + 1)
            #expect(try await store.credentials(pseudonymKey: "ann") == nil)
            #expect(try await store.session(tokenHash: "h", now: t0) == nil)
            #expect(try await store.members(of: shared.id).map(\.pseudonym) == ["Bob"])
            #expect(try await store.assemblies(matching: alone.id.rawValue).isEmpty)
            #expect(try await store.lookupInvite(tokenHash: annInvite.hash)?.invite.status(now: t0) == .revoked)
            let log = try await store.auditLog(of: shared.id)!
            #expect(log.first?.fact == .accountDeleted)
            #expect(log.first?.actor == .formerMember) // the pseudonym is gone with the account
            #expect(try await store.assembly(shared.id, member: bob.id) != nil)
            // The pseudonym is free again.
            _ = try await makeAccount(store, "Ann", into: shared.id)
        }
    }

    @Test(arguments: Backend.available)
    func instanceSecretIsMadeOnceAndKept(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let a = try await store.instanceSecret()
            let b = try await store.instanceSecret()
            #expect(a == b)
            #expect(a.count >= 43)
        }
    }
}

@Suite("SQLite engine")
struct SQLiteEngineTests {
    /// The writer never checkpoints inside a commit; the background checkpointer must copy the
    /// log back into the database file while the store stays open, or the log grows forever.
    @Test func theLogIsCopiedBackWhileTheStoreIsOpen() async throws {
        var logger = Logger(label: "wildcat.test")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wildcat.sqlite").path
        let (before, after) = try await Store.withRunning(.sqlite(path: path), logger: logger) { store in
            try await store.migrate(now: t0)
            try await Task.sleep(for: .milliseconds(600))
            let before = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            let ann = try await makeAccount(store, "Ann")
            let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
            for n in 0..<300 { _ = try await makeAccount(store, "Member \(n)", into: assembly.id) }
            try await Task.sleep(for: SQLiteEngine.checkpointInterval * 4)
            return (before, try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
        }
        #expect(after > before, "database file \(before) → \(after) bytes: nothing was checkpointed")
    }

    /// A load leaves a long log behind; once the store has been quiet for a while, it is emptied,
    /// and the store reads and writes as before.
    @Test func aLongLogIsEmptiedOnceTheStoreIsQuiet() async throws {
        var logger = Logger(label: "wildcat.test")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wildcat-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wildcat.sqlite").path
        let engine = try SQLiteEngine.open(path: path, largeLogFrames: 8, quietTurns: 5, logger: logger)
        let running = Task { await engine.run() }
        func logBytes() throws -> Int { try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as! Int }
        try await engine.write { db in try await db.raw("CREATE TABLE notes (n BLOB)").run() }
        // One commit of a hundred pages: a long log however the checkpoints fall.
        try await engine.write { db in
            for _ in 0..<100 { try await db.raw("INSERT INTO notes VALUES (randomblob(4000))").run() }
        }
        #expect(try logBytes() > 8 * 4096, "the writes left no log to empty")
        // Quiet, though periodic jobs keep committing transactions that change nothing. (Under
        // the whole suite's load, checkpoint turns come late: wait up to 30 s.)
        let deadline = ContinuousClock.now + .seconds(30)
        while try logBytes() > 0, ContinuousClock.now < deadline {
            try await engine.write { db in try await db.raw("SELECT 1").run() }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(try logBytes() == 0)
        try await engine.write { db in try await db.raw("INSERT INTO notes VALUES (randomblob(10))").run() }
        let count = try await engine.read { db in try await db.raw("SELECT count(*) AS c FROM notes").first(decodingColumn: "c", as: Int.self) }
        #expect(count == 101)
        engine.shutDown()
        await running.value
    }
}
