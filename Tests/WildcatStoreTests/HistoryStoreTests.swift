import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

@Suite("History for newcomers, store", .serialized)
struct HistoryStoreTests {
    @Test(arguments: Backend.available)
    func messagesBeforeAJoiningAreNeitherListedNorUnread(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let plan = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("The plan"),
                                                   threadRoot: nil, now: t0 + 1)
            _ = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("A reply"),
                                            threadRoot: plan.id, now: t0 + 2)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            try await store.write { tx in
                try await tx.db.raw("UPDATE memberships SET joined_at = \(bind: (t0 + 60).storeMillis) WHERE account_id = \(bind: lucy.id.rawValue)").run()
            }
            let welcome = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("Welcome"),
                                                      threadRoot: nil, now: t0 + 61)
            let joined = try #require(try await store.joinedAt(lucy.id, in: depot.id))
            #expect(joined == t0 + 60)
            let seen = try #require(try await store.messages(in: depot.generalChannel, visibleFrom: joined))
            #expect(seen.map(\.id) == [welcome.id])
            #expect(try await store.messages(in: depot.generalChannel)?.count ?? 0 >= 2)
            #expect(try await store.message(plan.id, in: depot.id, visibleFrom: joined) == nil)
            #expect(try await store.thread(plan.id, in: depot.generalChannel, visibleFrom: joined) == nil)
            #expect(try await store.thread(plan.id, in: depot.generalChannel)?.replies.count == 1)
            // Unread counts start at the joining: one new message, not three.
            #expect(try await store.channels(of: depot.id, for: lucy.id).first?.unread == 1)
            #expect(try await store.unreadCounts(of: lucy.id)[depot.id] == 1)
            #expect(try await store.joinedAt(lucy.id, in: ID("elsewhere")) == nil)
        }
    }
}
