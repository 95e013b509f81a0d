/// A photo or a file sent with a message. A photo is re-encoded before anyone else can fetch it;
/// a file is kept as sent and only ever offered as a download.
public struct Attachment: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case image, file }

    /// Random, like a message's: nothing can be counted from it.
    public let id: ID<Attachment>
    public let kind: Kind
    public let name: String
    /// What it is served as: the cleaned image's format, or `application/octet-stream`.
    public let mediaType: String
    public let size: Int
    /// A photo's size as served, so the page keeps its place while it loads.
    public let width: Int?
    public let height: Int?

    public init(id: ID<Attachment>, kind: Kind, name: String, mediaType: String, size: Int, width: Int?, height: Int?) {
        self.id = id
        self.kind = kind
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.width = width
        self.height = height
    }
}

/// What is about to be stored with a message: checked, and for a photo already cleaned.
public struct NewAttachment: Sendable {
    public let kind: Attachment.Kind
    public let name: AttachmentName
    public let mediaType: String
    public let bytes: [UInt8]
    public let width: Int?
    public let height: Int?

    public init(kind: Attachment.Kind, name: AttachmentName, mediaType: String, bytes: [UInt8], width: Int?, height: Int?) {
        self.kind = kind
        self.name = name
        self.mediaType = mediaType
        self.bytes = bytes
        self.width = width
        self.height = height
    }
}
