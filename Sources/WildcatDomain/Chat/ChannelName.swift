/// The name of a channel, e.g. "night shift".
public struct ChannelName: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    /// Folded form; unique within an assembly.
    public let key: String

    public init(_ raw: String) throws(InputError) {
        let text = try FreeText.validate(raw, field: "name", noun: "A channel name", length: Limits.channelNameLength)
        self.value = text
        self.key = Pseudonym.fold(text)
    }

    public var description: String { value }

    /// Every assembly has this channel from its founding.
    public static let general = try! ChannelName("general")
}
