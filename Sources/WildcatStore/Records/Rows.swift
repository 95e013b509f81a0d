import Foundation
import SQLKit

extension Date {
    /// Milliseconds since 1970: how the store keeps time, identically on both databases.
    var storeMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(storeMillis: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(storeMillis) / 1000)
    }
}

extension SQLRow {
    func date(_ column: String) throws -> Date {
        Date(storeMillis: try decode(column: column, as: Int64.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try decode(column: column, as: Int64?.self).map(Date.init(storeMillis:))
    }

    func int(_ column: String) throws -> Int {
        try decode(column: column, as: Int.self)
    }

    func int64(_ column: String) throws -> Int64 {
        try decode(column: column, as: Int64.self)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decode(column: column, as: Int64?.self).map(Int.init)
    }

    func flag(_ column: String) throws -> Bool {
        try decode(column: column, as: Int64.self) != 0
    }

    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decode(column: column, as: String?.self)
    }
}

/// JSON as the store keeps records (rules, drafts, decisions, ballots, audit facts): sorted
/// keys, Foundation's default date encoding, as since the first release. Live events' payloads
/// keep dates in milliseconds instead (`EventCoding`).
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder = JSONDecoder()

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}
