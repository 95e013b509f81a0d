import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// An assembly with two members, Ann (founder) and Bob.
private func setUp(_ store: Store) async throws -> (ann: Account, bob: Account, assembly: Assembly, general: ID<Channel>) {
    let token = try #require(try await store.firstPersonInvite(now: t0, validFor: 3600))
    let ann = try await store.createAccount(inviteTokenHash: token.hash, pseudonym: try name("Ann"), passphraseHash: "x", now: t0).0
    let assembly = try await store.createAssembly(name: try AssemblyName("Store 14"), founder: ann.id, rules: .defaults, now: t0)
    let (_, invite) = try await store.createInvite(assemblyID: assembly.id, by: .member(ann.id), terms: InviteTerms(maxUses: 1, expiresAt: t0 + 3600), now: t0)
    let bob = try await store.createAccount(inviteTokenHash: invite.hash, pseudonym: try name("Bob Ray"), passphraseHash: "x", now: t0).0
    let general = try #require(try await store.channels(of: assembly.id, for: ann.id).first).channel
    #expect(general.name == "general")
    return (ann, bob, assembly, general.id)
}

private func post(_ store: Store, _ s: (ann: Account, bob: Account, assembly: Assembly, general: ID<Channel>), by author: Account,
                  _ text: String, root: ID<Message>? = nil, at: Date = t0) async throws -> Message {
    try await store.postMessage(channelID: s.general, assemblyID: s.assembly.id, author: author, text: try MessageText(text), threadRoot: root, now: at)
}

@Suite("Chat store", .serialized)
struct ChatStoreTests {
    @Test(arguments: Backend.available)
    func channelsAreUniquePerAssemblyIgnoringCase(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let night = try await store.createChannel(in: s.assembly.id, name: try ChannelName("Night shift"), now: t0)
            await #expect(throws: Refusal.self) { try await store.createChannel(in: s.assembly.id, name: try ChannelName("night  Shift".replacingOccurrences(of: "  ", with: " ")), now: t0) }
            await #expect(throws: Refusal.self) { try await store.createChannel(in: s.assembly.id, name: try ChannelName("GENERAL"), now: t0) }
            #expect(try await store.channels(of: s.assembly.id, for: s.bob.id).map(\.channel.name) == ["general", "Night shift"])
            #expect(try await store.channel(night.id, in: s.assembly.id) != nil)
        }
    }

    @Test(arguments: Backend.available)
    func messagesPageNewestFirstAndReadOldestFirst(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            var ids: [ID<Message>] = []
            for i in 0..<120 { ids.append(try await post(store, s, by: i % 2 == 0 ? s.ann : s.bob, "message \(i)").id) }
            let latest = try await store.messages(in: s.general, limit: 50)!
            #expect(latest.map(\.id) == Array(ids.suffix(50)))
            let older = try await store.messages(in: s.general, before: latest.first!.id, limit: 50)!
            #expect(older.map(\.id) == Array(ids[20..<70]))
            let oldest = try await store.messages(in: s.general, before: older.first!.id, limit: 50)!
            #expect(oldest.map(\.body) == (0..<20).map { "message \($0)" })
            #expect(latest.last?.author == "Bob Ray")
        }
    }

    @Test(arguments: Backend.available)
    func threadsCountTheirRepliesAndRefuseForeignRoots(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let root = try await post(store, s, by: s.ann, "Strike on Friday?")
            let reply = try await post(store, s, by: s.bob, "Yes", root: root.id)
            _ = try await post(store, s, by: s.ann, "Good", root: root.id)
            let thread = try #require(try await store.thread(root.id, in: s.general))
            #expect(thread.root.replyCount == 2)
            #expect(thread.replies.map(\.body) == ["Yes", "Good"])
            #expect(try await store.messages(in: s.general)!.map(\.id) == [root.id])   // replies stay in the thread
            // Replies to a reply, or to a message of another channel, are refused.
            await #expect(throws: InputError.self) { try await post(store, s, by: s.bob, "nested", root: reply.id) }
            let other = try await store.createChannel(in: s.assembly.id, name: try ChannelName("other"), now: t0)
            await #expect(throws: InputError.self) {
                try await store.postMessage(channelID: other.id, assemblyID: s.assembly.id, author: s.bob, text: try MessageText("x"), threadRoot: root.id, now: t0)
            }
            #expect(try await store.thread(reply.id, in: s.general) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func editsKeepHistoryForTheAuthorOnlyAndReplaceTheLiveRecord(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let message = try await post(store, s, by: s.ann, "meet at 6")
            await #expect(throws: Refusal.notFound) { try await store.editMessage(message.id, in: s.assembly.id, by: s.bob.id, text: try MessageText("hacked"), now: t0) }
            let edited = try await store.editMessage(message.id, in: s.assembly.id, by: s.ann.id, text: try MessageText("meet at 7"), now: t0 + 60)
            #expect(edited.body == "meet at 7" && edited.editedAt != nil)
            #expect(try await store.edits(of: message.id, in: s.assembly.id, by: s.ann.id)?.map(\.body) == ["meet at 6"])
            // Another member, or the author asking through another assembly, finds no such message.
            #expect(try await store.edits(of: message.id, in: s.assembly.id, by: s.bob.id) == nil)
            #expect(try await store.edits(of: message.id, in: ID("elsewhere"), by: s.ann.id) == nil)
            let payloads = try await storedPayloads(store, kind: "message")
            #expect(payloads.count == 1)
            #expect(!payloads[0].contains("meet at 6") && payloads[0].contains("meet at 7"))
        }
    }

    @Test(arguments: Backend.available)
    func deletingAMessageRemovesItsTextForReal(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let lonely = try await post(store, s, by: s.ann, "secret plan A")
            let root = try await post(store, s, by: s.ann, "secret plan B")
            let reply = try await post(store, s, by: s.bob, "agreed", root: root.id)
            _ = try await store.editMessage(root.id, in: s.assembly.id, by: s.ann.id, text: try MessageText("secret plan C"), now: t0)
            await #expect(throws: Refusal.notFound) { try await store.deleteMessage(lonely.id, in: s.assembly.id, by: s.bob.id, now: t0) }
            try await store.deleteMessage(lonely.id, in: s.assembly.id, by: s.ann.id, now: t0)
            try await store.deleteMessage(root.id, in: s.assembly.id, by: s.ann.id, now: t0)
            // The lonely message is gone; the thread's first message is a tombstone without text or author.
            #expect(try await store.message(lonely.id, in: s.assembly.id) == nil)
            let tombstone = try #require(try await store.message(root.id, in: s.assembly.id))
            #expect(tombstone.deleted && tombstone.body.isEmpty && tombstone.authorID == nil)
            #expect(try await store.edits(of: root.id, in: s.assembly.id, by: s.ann.id) == nil)
            let rows = try await store.engine.read { db in try await db.raw("SELECT body FROM message_edits UNION ALL SELECT payload AS body FROM events").all() }
            #expect(try rows.allSatisfy { try !$0.decode(column: "body", as: String.self).contains("secret plan") })
            // When the last reply goes, the tombstone goes too.
            try await store.deleteMessage(reply.id, in: s.assembly.id, by: s.bob.id, now: t0)
            #expect(try await store.message(root.id, in: s.assembly.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aMemberCanDeleteEverythingTheyWrote(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            for i in 0..<5 { _ = try await post(store, s, by: s.bob, "bob \(i)") }
            let keep = try await post(store, s, by: s.ann, "ann stays")
            #expect(try await store.deleteAllMessages(by: s.bob.id, now: t0) == 5)
            #expect(try await store.messages(in: s.general)!.map(\.id) == [keep.id])
            // Deleting an account deletes its messages too.
            _ = try await post(store, s, by: s.bob, "again")
            try await store.deleteAccount(s.bob.id, now: t0)
            #expect(try await store.messages(in: s.general)!.map(\.id) == [keep.id])
        }
    }

    @Test(arguments: Backend.available)
    func unreadCountsFollowReadMarkersAndIgnoreOwnMessages(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let first = try await post(store, s, by: s.ann, "one")
            _ = try await post(store, s, by: s.ann, "two")
            _ = try await post(store, s, by: s.bob, "mine")
            #expect(try await store.channels(of: s.assembly.id, for: s.bob.id).first?.unread == 2)
            #expect(try await store.channels(of: s.assembly.id, for: s.ann.id).first?.unread == 1)
            try await store.markRead(channelID: s.general, by: s.bob.id, upTo: first.id)
            #expect(try await store.channels(of: s.assembly.id, for: s.bob.id).first?.unread == 1)
            let earlier = try #require(try await store.messages(in: s.general)!.first)
            try await store.markRead(channelID: s.general, by: s.bob.id, upTo: earlier.id)   // never moves back
            #expect(try await store.channels(of: s.assembly.id, for: s.bob.id).first?.unread == 1)
            for i in 0..<120 { _ = try await post(store, s, by: s.ann, "flood \(i)") }
            #expect(try await store.channels(of: s.assembly.id, for: s.bob.id).first?.unread == 100)   // capped
        }
    }

    @Test(arguments: Backend.available)
    func retentionDeletesOldMessagesAndTheirLiveRecords(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let day: TimeInterval = 86400
            let old = try await post(store, s, by: s.ann, "ninety-one days old", at: t0)
            _ = try await post(store, s, by: s.bob, "old reply", root: old.id, at: t0 + 80 * day)
            let recent = try await post(store, s, by: s.bob, "recent", at: t0 + 85 * day)
            let now = t0 + 91 * day
            #expect(try await store.purgeExpiredMessages(now: now, eventsKeptFor: 365 * day) == 1)
            #expect(try await store.messages(in: s.general)!.map(\.id) == [recent.id])
            let bodies = try await store.engine.read { db in try await db.raw("SELECT body FROM messages").all().map { try $0.decode(column: "body", as: String.self) } }
            #expect(bodies == ["recent"])   // the reply went with its thread
            #expect(try await storedPayloads(store).allSatisfy { !$0.contains("ninety-one") && !$0.contains("old reply") })
            #expect(try await store.purgeExpiredMessages(now: now, eventsKeptFor: 0) == 0)
            #expect(try await store.events(after: 0).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func mentionsNotifyOnlyMembersMentioned(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let before = try await store.latestEventID()
            _ = try await post(store, s, by: s.ann, "@bobray and @nobody and @Ann, look")
            let events = try await store.events(after: before)
            let mentions = events.filter { if case .mention = $0.payload { return true }; return false }
            #expect(mentions.map(\.audience) == [.member(s.assembly.id, s.bob.id)])
            #expect(mentions[0].isVisible(to: s.bob.id, memberOf: [s.assembly.id]))
            #expect(!mentions[0].isVisible(to: s.ann.id, memberOf: [s.assembly.id]))
        }
    }

    @Test(arguments: Backend.available)
    func catchUpEventsAreInOrderAndLimitedToTheMembersAssemblies(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let s = try await setUp(store)
            let other = try await store.createAssembly(name: try AssemblyName("Elsewhere"), founder: s.ann.id, rules: .defaults, now: t0)
            let start = try await store.latestEventID()
            _ = try await post(store, s, by: s.ann, "a")
            _ = try await store.postMessage(channelID: ID(other.id.rawValue + "g"), assemblyID: other.id, author: s.ann, text: try MessageText("hidden"), threadRoot: nil, now: t0)
            _ = try await post(store, s, by: s.bob, "b")
            let latest = try await store.latestEventID()
            let all = try await store.events(after: start)
            #expect(all.map(\.id) == all.map(\.id).sorted())
            #expect(all.count == 3)
            let bobs = try await store.events(after: start, upTo: latest, assemblies: try await store.assemblyIDs(of: s.bob.id))
            #expect(bobs.count == 2)
            #expect(bobs.allSatisfy { $0.assemblyID == s.assembly.id })
            #expect(try await store.events(after: start, upTo: start, assemblies: [s.assembly.id]).isEmpty)
        }
    }
}

/// The live events' payloads as stored (of one kind, or all).
private func storedPayloads(_ store: Store, kind: String? = nil) async throws -> [String] {
    try await store.engine.read { db in
        try await db.raw("SELECT kind, payload FROM events ORDER BY id").all()
            .filter { try kind == nil || $0.decode(column: "kind", as: String.self) == kind }
            .map { try $0.decode(column: "payload", as: String.self) }
    }
}
