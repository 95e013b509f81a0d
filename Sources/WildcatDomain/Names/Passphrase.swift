/// A passphrase as typed; never stored, only hashed.
public struct Passphrase: Sendable {
    public let value: String

    public init(_ raw: String, field: String = "passphrase") throws(InputError) {
        guard !raw.trimmingWhitespace().isEmpty else { throw InputError(field: field, "Choose a passphrase.") }
        guard Limits.passphraseLength.contains(raw.count), raw.unicodeScalars.count <= Limits.passphraseLength.upperBound else {
            throw InputError(field: field, "A passphrase is \(Limits.passphraseLength.lowerBound) to \(Limits.passphraseLength.upperBound) characters long. A few unrelated words make a good one.")
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InputError(field: field, "A passphrase may not contain control characters.")
        }
        self.value = raw
    }
}
