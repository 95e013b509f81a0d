import WildcatDomain

/// What the chat pages' forms and the API's JSON bodies both decode into. Text left empty is
/// refused by the domain's validation, with its own message.

struct ChannelRequest: Decodable, Sendable {
    let name: String

    init(from decoder: any Decoder) throws {
        name = try decoder.container(keyedBy: CodingKeys.self).text(.name)
    }

    private enum CodingKeys: String, CodingKey { case name }
}

/// A message, or a reply in the thread of `threadRoot`.
struct MessageRequest: Decodable, Sendable {
    let body: String
    let threadRoot: ID<Message>?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        body = try c.text(.body)
        threadRoot = try c.decodeIfPresent(ID<Message>.self, forKey: .threadRoot)
    }

    private enum CodingKeys: String, CodingKey { case body, threadRoot }
}

struct EditRequest: Decodable, Sendable {
    let body: String

    init(from decoder: any Decoder) throws {
        body = try decoder.container(keyedBy: CodingKeys.self).text(.body)
    }

    private enum CodingKeys: String, CodingKey { case body }
}

/// Read up to this message.
struct ReadRequest: Decodable, Sendable {
    let upTo: ID<Message>
}
