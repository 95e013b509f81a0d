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

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pseudonym = try c.text(.pseudonym)
        passphrase = try c.text(.passphrase)
    }

    private enum CodingKeys: String, CodingKey { case pseudonym, passphrase }
}

/// A passphrase to confirm something grave (deleting the account).
struct PassphraseRequest: Decodable, Sendable {
    let passphrase: String

    init(from decoder: any Decoder) throws {
        passphrase = try decoder.container(keyedBy: CodingKeys.self).text(.passphrase)
    }

    private enum CodingKeys: String, CodingKey { case passphrase }
}
