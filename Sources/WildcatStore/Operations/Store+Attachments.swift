import Foundation
import SQLKit
import WildcatDomain

/// A stored photo or file with what decides who may fetch it: its message's channel, thread and time.
public struct StoredAttachment: Sendable {
    public let attachment: Attachment
    public let channelID: ID<Channel>
    public let messageID: ID<Message>
    public let postedAt: Date
    public let bytes: Data
}

extension Store {
    /// A photo or file of the assembly's messages, with its bytes. The caller checks the reader
    /// may read its channel from that time on.
    public func attachment(_ id: ID<Attachment>, in assemblyID: ID<Assembly>) async throws -> StoredAttachment? {
        try await read { db in
            guard let row = try await db.raw("""
                SELECT f.public_id AS file_id, f.kind AS file_kind, f.name AS file_name, f.media_type AS file_type, f.size AS file_size,
                       f.width AS file_width, f.height AS file_height, f.body, m.channel_id, m.public_id AS message_id, m.created_at
                FROM attachments f JOIN messages m ON m.id = f.message_id
                WHERE f.public_id = \(bind: id.rawValue) AND m.assembly_id = \(bind: assemblyID.rawValue) AND m.deleted = 0
                """).first(), let attachment = try Self.attachment(row) else { return nil }
            return StoredAttachment(attachment: attachment, channelID: ID(try row.string("channel_id")), messageID: ID(try row.string("message_id")),
                                    postedAt: try row.date("created_at"), bytes: try row.decode(column: "body", as: Data.self))
        }
    }
}

extension Transaction {
    func insertAttachment(_ new: NewAttachment, message position: Int64) async throws -> Attachment {
        let attachment = Attachment(id: ID(RandomText.identifier()), kind: new.kind, name: new.name.value, mediaType: new.mediaType,
                                    size: new.bytes.count, width: new.width, height: new.height)
        try await db.raw("""
            INSERT INTO attachments (public_id, message_id, kind, name, media_type, size, width, height, body)
            VALUES (\(bind: attachment.id.rawValue), \(bind: position), \(bind: attachment.kind.rawValue), \(bind: attachment.name),
                    \(bind: attachment.mediaType), \(bind: attachment.size), \(bind: attachment.width), \(bind: attachment.height), \(bind: Data(new.bytes)))
            """).run()
        return attachment
    }
}
