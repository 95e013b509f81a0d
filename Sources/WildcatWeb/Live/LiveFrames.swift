import Foundation
import WildcatDomain

/// Turns a live event into the JSON text sent to pages, once per event for all its recipients.
public struct LiveFrames: Sendable {
    public init() {}

    static let payloadDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// nil for an event pages have no use for.
    func frame(for event: LiveEvent) -> String? {
        var object: [String: Any] = ["id": event.id, "type": event.kind.rawValue, "assembly": event.assemblyID.rawValue]
        if let channel = event.channelID { object["channel"] = channel.rawValue }
        switch event.kind {
        case .message:
            guard let message = try? Self.payloadDecoder.decode(Message.self, from: Data(event.payload.utf8)) else { return nil }
            var data: [String: Any] = ["id": message.id, "deleted": message.deleted, "edited": message.editedAt != nil,
                                       "replyCount": message.replyCount, "createdAt": Clock.iso(message.createdAt)]
            if let root = message.threadRootID { data["threadRoot"] = root }
            if let author = message.authorID { data["authorId"] = author.rawValue }
            if let name = message.author { data["author"] = name }
            object["message"] = data
            object["html"] = MessageHTML.message(message, assembly: event.assemblyID.rawValue, own: false)
        case .channelCreated, .mention:
            guard let payload = try? JSONDecoder().decode([String: String].self, from: Data(event.payload.utf8)) else { return nil }
            object["data"] = payload
        case .memberJoined, .memberLeft:
            if let account = event.accountID { object["account"] = account.rawValue }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Sent when a page cannot catch up (it was away too long, or fell too far behind).
    static let reset = #"{"type":"reset"}"#
}
