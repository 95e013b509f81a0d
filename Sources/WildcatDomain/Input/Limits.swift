/// Limits on what people type, in one place so forms, API and docs agree.
public enum Limits {
    public static let pseudonymLength = 2...32
    public static let assemblyNameLength = 1...80
    public static let channelNameLength = 1...40
    public static let passphraseLength = 12...256
    /// Largest request body the server reads, in bytes.
    public static let requestBodyBytes = 64 * 1024
}
