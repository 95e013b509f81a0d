import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func key(_ name: String) throws -> String { try Pseudonym(name).key }

private func count(_ store: Store, _ sql: String) async throws -> Int {
    try await store.read { db in try await db.raw("\(unsafeRaw: sql)").first()!.int("n") }
}

@Suite("Direct messages store", .serialized)
struct DirectStoreTests {
    @Test(arguments: Backend.available)
    func twoMembersWriteToEachOtherAndNoOneElseReadsIt(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            let nina = try await newAccount(store, "Nina", into: depot.id)
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            let carol = try await newAccount(store, "Carol", into: bakery.id)

            let conversation = try await store.conversation(in: depot.id, from: rosa.id, to: try key("lucy"), now: t0)
            // Either may open it; it is the same one.
            #expect(try await store.conversation(in: depot.id, from: lucy.id, to: try key("Rosa"), now: t0 + 1) == conversation)
            #expect(conversation.members == [rosa.id, lucy.id] && conversation.otherName(for: rosa.id) == "Lucy")
            let first = try await store.sendDirect(in: conversation, author: rosa, text: try MessageText("Are you coming on Friday?"), now: t0 + 2)
            _ = try await store.sendDirect(in: conversation, author: lucy, text: try MessageText("Yes"), now: t0 + 3)
            #expect(try await store.directMessages(in: conversation).map(\.body) == ["Are you coming on Friday?", "Yes"])
            #expect(first.between.sorted(by: { $0.rawValue < $1.rawValue }) == [conversation.first, conversation.second])

            // Only its two members find it, and only in its assembly.
            #expect(try await store.conversation(conversation.id, in: depot.id, for: nina.id) == nil)
            #expect(try await store.conversation(conversation.id, in: bakery.id, for: rosa.id) == nil)
            #expect(try await store.conversation(conversation.id, in: depot.id, for: lucy.id) == conversation)
            #expect(try await store.conversations(of: nina.id, in: depot.id).isEmpty)
            #expect(try await store.conversations(of: lucy.id, in: depot.id).map(\.conversation) == [conversation])

            // Its live records go to the two alone.
            let events = try await store.events(after: 0).filter { if case .direct = $0.payload { return true } else { return false } }
            #expect(events.count == 2)
            for event in events {
                #expect(event.isVisible(to: rosa.id, memberOf: [depot.id]) && event.isVisible(to: lucy.id, memberOf: [depot.id]))
                #expect(!event.isVisible(to: nina.id, memberOf: [depot.id]))
            }

            // Someone who shares no assembly, oneself, or no one: refused, nothing made.
            await #expect(throws: InputError.self) { _ = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Carol"), now: t0) }
            await #expect(throws: InputError.self) { _ = try await store.conversation(in: bakery.id, from: lucy.id, to: try key("Carol"), now: t0) }
            await #expect(throws: InputError(field: "to", "You cannot write a direct message to yourself.")) {
                _ = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Rosa"), now: t0)
            }
            await #expect(throws: InputError.self) { _ = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Nobody"), now: t0) }
            _ = carol
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM direct_conversations") == 1)
        }
    }

    @Test(arguments: Backend.available)
    func aDirectMessageGoesByItsAuthorByDeletingEverythingAndByRetentionWithItsLiveRecord(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            let conversation = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Lucy"), now: t0)
            let secret = try await store.sendDirect(in: conversation, author: rosa, text: try MessageText("The manager's plate is KX-1234"), now: t0)
            // Not the author's: not found.
            await #expect(throws: Refusal.notFound) { try await store.deleteDirect(secret.id, in: conversation, by: lucy.id, now: t0 + 1) }
            try await store.deleteDirect(secret.id, in: conversation, by: rosa.id, now: t0 + 1)
            #expect(try await store.directMessages(in: conversation).isEmpty)
            // No live record keeps its text.
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM events WHERE payload LIKE '%KX-1234%'") == 0)

            _ = try await store.sendDirect(in: conversation, author: rosa, text: try MessageText("one"), now: t0 + 2)
            _ = try await store.sendDirect(in: conversation, author: lucy, text: try MessageText("two"), now: t0 + 2)
            #expect(try await store.deleteAllMessages(by: rosa.id, now: t0 + 3) == 1)
            #expect(try await store.directMessages(in: conversation).map(\.body) == ["two"])
            _ = try await store.purgeExpiredMessages(now: t0 + 400 * 86400)
            #expect(try await store.directMessages(in: conversation).isEmpty)

            // Deleting an account deletes its conversations, both halves, and their live records.
            _ = try await store.sendDirect(in: conversation, author: lucy, text: try MessageText("Lucy's own words"), now: t0 + 5)
            _ = try await store.deleteAccount(rosa.id, now: t0 + 6)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM direct_messages") == 0)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM direct_conversations") == 0)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM events WHERE kind = 'direct'") == 0)
        }
    }

    @Test(arguments: Backend.available)
    func nothingIsSentOnceOneOfTheTwoHasLeft(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            let conversation = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Lucy"), now: t0)
            try await store.leave(depot.id, accountID: lucy.id, now: t0 + 1)
            await #expect(throws: InputError(field: "body", "Lucy no longer belongs to this assembly: the message cannot be sent.")) {
                _ = try await store.sendDirect(in: conversation, author: rosa, text: try MessageText("Still there?"), now: t0 + 2)
            }
            #expect(try await store.directMessages(in: conversation).isEmpty)
            await #expect(throws: InputError.self) { _ = try await store.conversation(in: depot.id, from: rosa.id, to: try key("Lucy"), now: t0 + 2) }
        }
    }
}
