/// What the accounts pages show.

struct LoginView: Sendable {
    let chrome: PageChrome
    /// Where to go after signing in.
    let next: String
    var pseudonym = ""
    var error: String?
}

struct JoinView: Sendable {
    let chrome: PageChrome
    let action: String
    let firstPerson: Bool
    let assemblyName: String?
    let inviter: String?
    let signedInAs: String?
    var pseudonym = ""
    var error: String?
}

struct AccountView: Sendable {
    struct SessionItem: Sendable {
        let device: String
        let current: Bool
        let created: TimeView
        let lastSeen: TimeView
        let revoke: String
    }

    let chrome: PageChrome
    let sessions: [SessionItem]
    let deleteMessages: String
    let deleteAccount: String
    let changePassphrase: String
    var error: String?
    var passphraseError: String?
    var passphraseChanged = false
}
