import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

private func photo(_ bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 1, 2, 3, 0, 255]) throws -> NewAttachment {
    NewAttachment(kind: .image, name: try AttachmentName("rota.jpg"), mediaType: "image/jpeg", bytes: bytes, width: 40, height: 30)
}

private func attachmentRows(_ store: Store) async throws -> Int {
    try await store.read { db in try await db.raw("SELECT COUNT(*) AS n FROM attachments").first()!.int("n") }
}

@Suite("Attachments store", .serialized)
struct AttachmentStoreTests {
    @Test(arguments: Backend.available)
    func aPhotoIsStoredWithItsMessageAndFetchedOnlyThroughItsAssembly(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            // Every byte value survives the round trip, in both databases.
            let bytes = (0..<2048).map { UInt8($0 % 256) }
            let message = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: nil,
                                                      attachment: try photo(bytes), threadRoot: nil, now: t0)
            let attachment = try #require(message.attachment)
            #expect(message.body == "" && attachment.size == 2048 && attachment.width == 40 && attachment.kind == .image)
            let listed = try await store.messages(in: depot.generalChannel)
            #expect(listed?.last?.attachment == attachment)
            let stored = try #require(try await store.attachment(attachment.id, in: depot.id))
            #expect(Array(stored.bytes) == bytes && stored.channelID == depot.generalChannel && stored.messageID == message.id)
            #expect(try await store.attachment(attachment.id, in: bakery.id) == nil)
            #expect(try await store.attachment(ID("nothing"), in: depot.id) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aMessageWithNeitherTextNorFileIsRefusedAndNothingIsStored(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let before = try await store.messages(in: depot.generalChannel)?.count
            await #expect(throws: InputError.self) {
                _ = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: nil, threadRoot: nil, now: t0)
            }
            // A channel of another assembly: neither the message nor its photo is stored.
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            await #expect(throws: Refusal.notFound) {
                _ = try await store.postMessage(channelID: bakery.generalChannel, assemblyID: depot.id, author: rosa, text: nil,
                                                attachment: try photo(), threadRoot: nil, now: t0)
            }
            #expect(try await store.messages(in: depot.generalChannel)?.count == before)
            #expect(try await attachmentRows(store) == 0)
        }
    }

    @Test(arguments: Backend.available)
    func aPhotoGoesWithItsMessageByItsAuthorByDeletingEverythingAndByRetention(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let deleted = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: nil,
                                                      attachment: try photo(), threadRoot: nil, now: t0)
            // A first message with a reply stays as "deleted" to hold its thread: its photo goes all the same.
            let root = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("The memo"),
                                                   attachment: try photo(), threadRoot: nil, now: t0)
            _ = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: try MessageText("Seen it"),
                                            threadRoot: root.id, now: t0)
            #expect(try await attachmentRows(store) == 2)
            try await store.deleteMessage(deleted.id, in: depot.id, by: rosa.id, now: t0 + 1)
            try await store.deleteMessage(root.id, in: depot.id, by: rosa.id, now: t0 + 1)
            #expect(try await attachmentRows(store) == 0)
            #expect(try await store.attachment(try #require(root.attachment).id, in: depot.id) == nil)

            _ = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: nil,
                                            attachment: try photo(), threadRoot: nil, now: t0)
            #expect(try await store.deleteAllMessages(by: rosa.id, now: t0 + 2) >= 1)
            #expect(try await attachmentRows(store) == 0)

            _ = try await store.postMessage(channelID: depot.generalChannel, assemblyID: depot.id, author: rosa, text: nil,
                                            attachment: try photo(), threadRoot: nil, now: t0)
            let retained = Retention.cutoff(now: t0 + 400 * 86400, rules: depot.rules) > t0
            #expect(retained, "the default retention keeps messages less than 400 days")
            _ = try await store.purgeExpiredMessages(now: t0 + 400 * 86400)
            #expect(try await attachmentRows(store) == 0)
        }
    }
}
