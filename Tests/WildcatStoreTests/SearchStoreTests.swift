import Foundation
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

@Suite("Search store", .serialized)
struct SearchStoreTests {
    @Test(arguments: Backend.available)
    func searchFindsEveryWordInTheAssemblyOnlyAndForgetsDeletedAndEditedText(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let rosa = try await newAccount(store, "Rosa")
            let depot = try await store.createAssembly(name: try AssemblyName("Depot"), founder: rosa.id, rules: .defaults, now: t0)
            let bakery = try await store.createAssembly(name: try AssemblyName("Bakery"), founder: rosa.id, rules: .defaults, now: t0)
            func post(_ text: String, in assembly: Assembly, at: Date = t0) async throws -> Message {
                try await store.postMessage(channelID: assembly.generalChannel, assemblyID: assembly.id, author: rosa, text: try MessageText(text),
                                            threadRoot: nil, now: at)
            }
            let strike = try await post("Strike on Friday for Inès", in: depot)
            let picket = try await post("The picket starts at six; bring the banner", in: depot, at: t0 + 1)
            _ = try await post("Strike at the bakery too", in: bakery)
            func found(_ text: String, in assembly: Assembly = depot, from: Date? = nil) async throws -> [ID<Message>] {
                try await store.search(try SearchQuery(text), in: assembly.id, visibleFrom: from).map(\.id)
            }
            #expect(try await found("strike") == [strike.id])
            #expect(try await found("STRIK") == [strike.id])
            #expect(try await found("inès friday") == [strike.id])
            // SQLite ignores accents; PostgreSQL's "simple" configuration does not.
            #expect(try await found("ines friday") == (backend == .sqlite ? [strike.id] : []))
            #expect(try await found("strike banner").isEmpty)
            #expect(try await found("strike", in: bakery).count == 1)
            // Search syntax is only words here: quotes, OR, NEAR, stars and colons change nothing.
            #expect(try await found("\"strike\" OR banner") == [])
            #expect(try await found("picket:* (six)") == [picket.id])
            #expect(try await found("\"strike\" friday* ^") == [strike.id])
            #expect(try await found("picket", from: t0 + 2).isEmpty)
            // Edited and deleted text is no longer found.
            _ = try await store.editMessage(picket.id, in: depot.id, by: rosa.id, text: try MessageText("The rally starts at six"), now: t0 + 3)
            #expect(try await found("picket").isEmpty)
            #expect(try await found("rally") == [picket.id])
            try await store.deleteMessage(strike.id, in: depot.id, by: rosa.id, now: t0 + 4)
            #expect(try await found("friday").isEmpty)
        }
    }

    @Test func aQueryWithoutWordsOrWithTooManyIsRefused() throws {
        #expect(throws: InputError.self) { try SearchQuery("\"*:()") }
        #expect(throws: InputError.self) { try SearchQuery("") }
        #expect(throws: InputError.self) { try SearchQuery("a b c d e f g h i") }
        #expect(throws: InputError.self) { try SearchQuery(String(repeating: "a", count: 201)) }
        #expect(try SearchQuery("Grève, générale!").words == ["grève", "générale"])
    }
}
