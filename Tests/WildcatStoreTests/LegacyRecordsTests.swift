import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

/// A database made by the first release (schema 3) keeps working after the upgrade: its audit
/// lines (a kind and a dictionary of strings), decisions (an English sentence for the effect) and
/// drafts (the old effect encoding) are read as today's typed facts.
@Suite("Legacy records", .serialized)
struct LegacyRecordsTests {
    @Test(arguments: Backend.available)
    func schemaThreeRecordsAreReadAsTypedFacts(_ backend: Backend) async throws {
        try await withStore(backend, migrate: false) { (store: Store) async throws -> Void in
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await Migrations.run(on: store.engine, now: t0.storeMillis, through: 3) == [1, 2, 3])
            let rules = #"{"defaultQuorum":{"share":"1\/4"},"defaultThreshold":{"fraction":"1\/2","rule":"moreThan"},"inviteExpiryHours":168,"retentionDays":90,"whoMayInvite":"anyMember"}"#
            // A schema-3 draft: rename by the old effect encoding; a decision whose effect is a sentence.
            let draft = #"{"abstentionsCount":false,"body":"","closesAt":800000000,"dotBudget":5,"effect":{"renameAssembly":{"_0":"Depot 3"}},"method":"yesno","options":[],"quorum":{"share":"1\/4"},"resultsLive":true,"secret":false,"seats":1,"threshold":{"fraction":"1\/2","rule":"moreThan"},"title":"Rename"}"#
            let decision = #"{"effectApplied":"renamed to Depot 3","members":2,"outcome":"passed","participants":2,"quorumMet":true,"tie":false,"winners":[]}"#
            try await store.engine.write { db in
                try await db.raw("INSERT INTO accounts (id, pseudonym, pseudonym_key, passphrase_hash, created_at) VALUES ('ann', 'Ann', 'ann', 'x', 0)").run()
                try await db.raw("INSERT INTO assemblies (id, name, rules, created_at) VALUES ('a1', 'Depot 3', \(bind: rules), 0)").run()
                try await db.raw("INSERT INTO memberships (assembly_id, account_id, joined_at, invited_by_operator) VALUES ('a1', 'ann', 0, 0)").run()
                try await db.raw("""
                    INSERT INTO proposals (id, assembly_id, author_id, draft, created_at, closes_at, closed_at, decision, tie_seed, ballot_count)
                    VALUES ('p1', 'a1', 'ann', \(bind: draft), 0, 1000, 1000, \(bind: decision), 1, 2)
                    """).run()
                for (id, kind, actor, detail) in [
                    (1, "assemblyCreated", "ann", #"{"name":"Store 14"}"#),
                    (2, "inviteCreated", "ann", #"{"expiresAt":"1800000000000","maxUses":"unlimited"}"#),
                    (3, "proposalClosed", nil, #"{"effect":"renamed to Depot 3","outcome":"passed","proposal":"p1","title":"Rename"}"#),
                    (4, "assemblyRenamed", nil, #"{"name":"Depot 3","proposal":"p1"}"#),
                    (5, "memberLeft", nil, #"{"reason":"accountDeleted"}"#),
                ] as [(Int, String, String?, String)] {
                    try await db.raw("""
                        INSERT INTO audit_events (id, assembly_id, at, kind, actor_id, actor_is_operator, detail)
                        VALUES (\(bind: id), 'a1', \(bind: id * 1000), \(bind: kind), \(bind: actor), 0, \(bind: detail))
                        """).run()
                }
            }
            #expect(try await store.migrate(now: t0) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
            let log = try #require(try await store.auditLog(of: ID("a1")))
            #expect(log.map(\.fact) == [
                .accountDeleted,
                .assemblyRenamed(proposal: ID("p1"), from: nil, to: "Depot 3"),
                .proposalClosed(proposal: ID("p1"), title: "Rename", outcome: .passed, winners: [], effect: .renamed(from: nil, to: "Depot 3")),
                .inviteCreated(maxUses: nil, expiresAt: t0),
                .assemblyFounded(name: "Store 14"),
            ])
            #expect(log.map(\.actor) == [.formerMember, .assembly, .assembly, .member("Ann"), .member("Ann")])
            let proposal = try #require(try await store.proposal(ID("p1"), in: ID("a1")))
            #expect(proposal.draft.effect == .renameAssembly(RenameAssembly(name: "Depot 3")))
            #expect(proposal.decision?.effect == .renamed(from: nil, to: "Depot 3"))
        }
    }
}
