/// Objects that hold one of several kinds of value by naming it as their only key (a ballot
/// `{"choice": "yes"}`, a quorum `{"voters": 5}`): two keys, or an unknown one, are malformed
/// rather than silently read as the first that fits.
enum OneKey {
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func require(in decoder: any Decoder, of noun: String, known: [String]) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys
        guard keys.count == 1, let key = keys.first, known.contains(key.stringValue) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\(noun) is an object with exactly one of: \(known.joined(separator: ", "))"))
        }
    }
}
