/// What the accounts pages' forms and the API's JSON bodies both decode into. Text left empty is
/// refused by the domain's validation, with its own message.

/// Sign up through an invite: the API's body names it; the page takes it from its path.
struct SignUpRequest: Decodable, Sendable {
    var inviteToken: String?
    let pseudonym: String
    let passphrase: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inviteToken = try c.decodeIfPresent(String.self, forKey: .inviteToken)
        pseudonym = try c.text(.pseudonym)
        passphrase = try c.text(.passphrase)
    }

    private enum CodingKeys: String, CodingKey { case inviteToken, pseudonym, passphrase }
}

struct LogInRequest: Decodable, Sendable {
    let pseudonym: String
    let passphrase: String
    /// The API's known-device token, from an earlier sign-in (pages keep it in a cookie).
    var deviceToken: String?
    /// Pages: the local path to return to.
    let next: String?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pseudonym = try c.text(.pseudonym)
        passphrase = try c.text(.passphrase)
        deviceToken = try c.decodeIfPresent(String.self, forKey: .deviceToken)
        next = try c.decodeIfPresent(String.self, forKey: .next)
    }

    private enum CodingKeys: String, CodingKey { case pseudonym, passphrase, deviceToken, next }
}

/// A new passphrase, with the current one; other devices are signed out unless kept.
struct PassphraseChangeRequest: Decodable, Sendable {
    let current: String
    let new: String
    let keepOtherDevices: Bool

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        current = try c.text(.current)
        new = try c.text(.new)
        keepOtherDevices = try c.decodeIfPresent(Bool.self, forKey: .keepOtherDevices) ?? false
    }

    private enum CodingKeys: String, CodingKey { case current, new, keepOtherDevices }
}

/// A passphrase to confirm something grave (deleting the account).
struct PassphraseRequest: Decodable, Sendable {
    let passphrase: String

    init(from decoder: any Decoder) throws {
        passphrase = try decoder.container(keyedBy: CodingKeys.self).text(.passphrase)
    }

    private enum CodingKeys: String, CodingKey { case passphrase }
}
