import Foundation
import SQLKit
import WildcatDomain

/// How a live event is kept in the `events` table: a kind, the ids it concerns in columns (for
/// catch-up queries and deletion), and a JSON payload whose dates are in milliseconds.
enum EventCoding {
    struct Columns {
        let kind: String
        let channelID: String?
        let accountID: String?
        let messageID: Int64?
        let payload: String
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    private struct ChannelBody: Codable { let id: String; let name: String }
    private struct MentionBody: Codable { let messageId: String; let channel: String; let by: String }
    private struct ProposalBody: Codable { let id: String; let status: LiveEvent.ProposalStatus }
    private struct PetitionBody: Codable { let id: String; let signatures: Int }
    private struct PledgeBody: Codable { let id: String; let count: Int; let state: Pledge.State }
    private struct RevealBody: Codable { let id: String; let pledgers: [String] }
    private struct ActionBody: Codable { let id: String }
    private struct ReactionsBody: Codable { let id: String; let channel: String; let counts: [ReactionCount] }

    static func columns(_ payload: LiveEvent.Payload) throws -> Columns {
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        switch payload {
        case .message(let message):
            return Columns(kind: "message", channelID: message.channelID.rawValue, accountID: nil, messageID: message.position, payload: try json(message))
        case .channelCreated(let id, let name):
            return Columns(kind: "channelCreated", channelID: id.rawValue, accountID: nil, messageID: nil, payload: try json(ChannelBody(id: id.rawValue, name: name)))
        case .memberJoined(let account):
            return Columns(kind: "memberJoined", channelID: nil, accountID: account.rawValue, messageID: nil, payload: "{}")
        case .memberLeft(let account):
            return Columns(kind: "memberLeft", channelID: nil, accountID: account.rawValue, messageID: nil, payload: "{}")
        case .mention(let account, let message, let channel, let by):
            return Columns(kind: "mention", channelID: channel.rawValue, accountID: account.rawValue, messageID: nil,
                           payload: try json(MentionBody(messageId: message.rawValue, channel: channel.rawValue, by: by)))
        case .proposal(let id, let status):
            return Columns(kind: "proposal", channelID: nil, accountID: nil, messageID: nil, payload: try json(ProposalBody(id: id.rawValue, status: status)))
        case .petition(let id, let signatures):
            return Columns(kind: "petition", channelID: nil, accountID: nil, messageID: nil, payload: try json(PetitionBody(id: id.rawValue, signatures: signatures)))
        case .observersChanged:
            return Columns(kind: "observers", channelID: nil, accountID: nil, messageID: nil, payload: "{}")
        case .urgentVote(let id, let title):
            return Columns(kind: "urgent", channelID: nil, accountID: nil, messageID: nil, payload: try json(AlertBody(id: id.rawValue, title: title)))
        case .reactions(let id, let channel, let counts):
            return Columns(kind: "reactions", channelID: channel.rawValue, accountID: nil, messageID: nil,
                           payload: try json(ReactionsBody(id: id.rawValue, channel: channel.rawValue, counts: counts)))
        case .actionBoard(let id):
            return Columns(kind: "actionBoard", channelID: nil, accountID: nil, messageID: nil, payload: try json(ActionBody(id: id.rawValue)))
        case .pledge(let id, let count, let state):
            return Columns(kind: "pledge", channelID: nil, accountID: nil, messageID: nil, payload: try json(PledgeBody(id: id.rawValue, count: count, state: state)))
        case .pledgeReached(let id, let pledgers):
            return Columns(kind: "pledgeReached", channelID: nil, accountID: nil, messageID: nil,
                           payload: try json(RevealBody(id: id.rawValue, pledgers: pledgers.map(\.rawValue).sorted())))
        case .direct(let message):
            // Its own id in the channel column: deleting the message deletes its live records by it.
            return Columns(kind: "direct", channelID: message.id.rawValue, accountID: nil, messageID: nil, payload: try json(message))
        }
    }

    static func event(_ row: any SQLRow) throws -> LiveEvent {
        let kind = try row.string("kind")
        let text = try row.string("payload")
        let account = try row.optionalString("account_id").map(ID<Account>.init)
        func body<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type, from: Data(text.utf8)) }
        let payload: LiveEvent.Payload
        switch kind {
        case "message": payload = .message(try body(Message.self))
        case "channelCreated":
            let channel = try body(ChannelBody.self)
            payload = .channelCreated(ID(channel.id), name: channel.name)
        case "memberJoined", "memberLeft":
            guard let account else { throw StoreError.corruptRow("membership event without an account") }
            payload = kind == "memberJoined" ? .memberJoined(account) : .memberLeft(account)
        case "mention":
            let mention = try body(MentionBody.self)
            guard let account else { throw StoreError.corruptRow("mention event") }
            payload = .mention(of: account, message: ID(mention.messageId), channel: ID(mention.channel), by: mention.by)
        case "proposal":
            let proposal = try body(ProposalBody.self)
            payload = .proposal(ID(proposal.id), proposal.status)
        case "petition":
            let petition = try body(PetitionBody.self)
            payload = .petition(ID(petition.id), signatures: petition.signatures)
        case "observers":
            payload = .observersChanged
        case "urgent":
            let alert = try body(AlertBody.self)
            payload = .urgentVote(ID(alert.id), title: alert.title)
        case "pledge":
            let pledge = try body(PledgeBody.self)
            payload = .pledge(ID(pledge.id), count: pledge.count, state: pledge.state)
        case "pledgeReached":
            let reveal = try body(RevealBody.self)
            payload = .pledgeReached(ID(reveal.id), pledgers: Set(reveal.pledgers.map(ID.init)))
        case "reactions":
            let reactions = try body(ReactionsBody.self)
            payload = .reactions(ID(reactions.id), channel: ID(reactions.channel), reactions.counts)
        case "actionBoard":
            payload = .actionBoard(ID(try body(ActionBody.self).id))
        case "direct":
            payload = .direct(try body(DirectMessage.self))
        default:
            throw StoreError.corruptRow("event kind \(kind)")
        }
        return LiveEvent(id: try row.int64("id"), assemblyID: ID(try row.string("assembly_id")), payload: payload)
    }
}

/// An alert's event: the proposal, and its title only where the rules allow.
private struct AlertBody: Codable {
    let id: String
    let title: String?
}
