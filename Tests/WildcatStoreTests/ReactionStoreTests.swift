import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

@Suite("Reactions store", .serialized)
struct ReactionStoreTests {
    @Test(arguments: Backend.available)
    func aReactionTogglesCountsOncePerMemberAndStaysInItsAssembly(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let lucy = try await newAccount(store, "Lucy", into: depot.id)
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            let message = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("Strike?"),
                                                      threadRoot: nil, now: t0)
            var counts = try await store.toggleReaction(.thumbsUp, on: message.id, in: depot.id, by: lucy.id, visibleFrom: nil, now: t0)
            #expect(counts == [ReactionCount(reaction: .thumbsUp, count: 1, mine: true)])
            counts = try await store.toggleReaction(.fist, on: message.id, in: depot.id, by: rosa.id, visibleFrom: nil, now: t0)
            _ = try await store.toggleReaction(.thumbsUp, on: message.id, in: depot.id, by: rosa.id, visibleFrom: nil, now: t0)
            let seen = try await store.reactions(on: [message], viewer: lucy.id)[message.id]
            #expect(seen == [ReactionCount(reaction: .thumbsUp, count: 2, mine: true), ReactionCount(reaction: .fist, count: 1, mine: false)])
            // The same reaction again takes it back.
            counts = try await store.toggleReaction(.thumbsUp, on: message.id, in: depot.id, by: lucy.id, visibleFrom: nil, now: t0)
            #expect(counts.first == ReactionCount(reaction: .thumbsUp, count: 1, mine: false))
            // Through another assembly, or before the reader's joining, the message is not found.
            await #expect(throws: Refusal.notFound) {
                _ = try await store.toggleReaction(.heart, on: message.id, in: bakery.id, by: rosa.id, visibleFrom: nil, now: t0)
            }
            await #expect(throws: Refusal.notFound) {
                _ = try await store.toggleReaction(.heart, on: message.id, in: depot.id, by: lucy.id, visibleFrom: t0 + 1, now: t0)
            }
            // Deleting the message deletes its reactions.
            try await store.deleteMessage(message.id, in: depot.id, by: rosa.id, now: t0 + 2)
            let left = try await store.read { db in try await db.raw("SELECT COUNT(*) AS n FROM message_reactions").first()!.int("n") }
            #expect(left == 0)
        }
    }
}
