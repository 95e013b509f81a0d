import WildcatDomain

/// Every URL the web layer prints, in one place (routes are declared in each feature's
/// controllers with the same shapes). Ids are random text that needs no escaping in a path.
enum Paths {
    static let home = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let account = "/account"
    static let safety = "/about/safety"
    static let decisions = "/about/decisions"
    static let ties = "/about/decisions#ties"
    static let foundAssembly = "/assemblies"

    /// The sign-in page, coming back to `next` afterwards.
    static func login(next: String) -> String { "/login?next=\(next)" }
    static func join(_ token: String) -> String { "/join/\(token)" }
    static func revokeSession(_ id: ID<Session>) -> String { "/account/sessions/\(id)/revoke" }
    static let deleteAccount = "/account/delete"
    static let changePassphrase = "/account/passphrase"
    static let deleteMyMessages = "/account/messages/delete"

    static func assembly(_ id: ID<Assembly>) -> String { "/a/\(id)" }
    static func assembly(_ id: ID<Assembly>, section: String) -> String { "/a/\(id)#\(section)" }
    static func invites(_ id: ID<Assembly>) -> String { "/a/\(id)/invites" }
    static func revokeInvite(_ id: ID<Invite>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/invites/\(id)/revoke" }
    static func leave(_ id: ID<Assembly>) -> String { "/a/\(id)/leave" }
    static func channels(_ id: ID<Assembly>) -> String { "/a/\(id)/channels" }

    static func channel(_ channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)" }
    static func channel(_ channel: ID<Channel>, in assembly: ID<Assembly>, before: ID<Message>) -> String { "/a/\(assembly)/c/\(channel)?before=\(before)" }
    static func postMessage(_ channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/messages" }
    static func upload(_ channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/upload" }
    static func attachment(_ file: ID<Attachment>, channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/f/\(file)" }
    static func markRead(_ channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/read" }
    /// A message's place in its channel's page.
    static func inChannel(_ message: ID<Message>, channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)#m\(message)" }
    /// A thread's page, optionally at one of its messages.
    static func thread(_ root: ID<Message>, channel: ID<Channel>, in assembly: ID<Assembly>, at message: ID<Message>? = nil) -> String {
        "/a/\(assembly)/c/\(channel)/m/\(root)" + (message.map { "#m\($0)" } ?? "")
    }
    static func editMessage(_ message: ID<Message>, channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/m/\(message)/edit" }
    static func deleteMessage(_ message: ID<Message>, channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/m/\(message)/delete" }

    static func proposals(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/p" }
    static func newProposal(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/new" }
    static func newProposal(_ assembly: ID<Assembly>, method: DecisionMethod) -> String { "/a/\(assembly)/p/new?method=\(method.rawValue)" }
    static func proposal(_ id: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/\(id)" }
    static func pledges(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/pledges" }
    static func pledge(_ id: ID<Pledge>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/pledges/\(id)" }
    static let alerts = "/account/alerts"
    static func confirmEmail(_ account: ID<Account>, token: String) -> String { "/alerts/confirm/\(account)/\(token)" }
    static func unsubscribe(_ account: ID<Account>, token: String) -> String { "/alerts/unsubscribe/\(account)/\(token)" }
    static func vote(_ id: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/\(id)/vote" }
    /// The new-proposal form with an effect chosen: `effect=elect&committee=…` and the like.
    static func newProposal(_ assembly: ID<Assembly>, method: DecisionMethod, effect: EffectRequest.Kind, committee: ID<Assembly>? = nil,
                            delegate: ID<Account>? = nil) -> String {
        "/a/\(assembly)/p/new?method=\(method.rawValue)&effect=\(effect.rawValue)" + (committee.map { "&committee=\($0)" } ?? "")
            + (delegate.map { "&delegate=\($0)" } ?? "")
    }

    static func delegate(_ account: ID<Account>, in committee: ID<Assembly>) -> String { "/a/\(committee)/d/\(account)" }
    static func petitions(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/petitions" }
    static func signPetition(_ petition: ID<RecallPetition>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/petitions/\(petition)/sign" }

    static func meetings(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/meetings" }
    static func meeting(_ id: ID<Meeting>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/meetings/\(id)" }
    static func meetingFromPoll(_ poll: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/meetings/from-poll/\(poll)" }
    static let calendar = "/account/calendar"
    static func calendarFeed(_ token: String) -> String { "/calendar/\(token).ics" }
    static func demands(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/demands" }
    static func demand(_ id: ID<Demand>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/demands/\(id)" }
    static func actions(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/actions" }
    static func action(_ id: ID<Action>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/actions/\(id)" }
    /// A published action's page, for anyone with the address.
    static func publicAction(_ token: String) -> String { "/s/\(token)" }
    /// A supporter's own page: the public actions they signed up for.
    static let supporter = "/supporter"
    static func react(_ message: ID<Message>, channel: ID<Channel>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/c/\(channel)/m/\(message)/react" }
    static func search(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/search" }
    static func secretKey(_ proposal: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/\(proposal)/secret" }
    static func secretToken(_ proposal: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/\(proposal)/token" }
    static func board(_ proposal: ID<Proposal>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/p/\(proposal)/board.json" }
    static func cast(_ proposal: ID<Proposal>) -> String { "/cast/\(proposal)" }
    static func direct(_ assembly: ID<Assembly>) -> String { "/a/\(assembly)/direct" }
    static func conversation(_ conversation: ID<Conversation>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/direct/\(conversation)" }
    static func sendDirect(_ conversation: ID<Conversation>, in assembly: ID<Assembly>) -> String { "/a/\(assembly)/direct/\(conversation)/messages" }
    static func deleteDirect(_ message: ID<DirectMessage>, conversation: ID<Conversation>, in assembly: ID<Assembly>) -> String {
        "/a/\(assembly)/direct/\(conversation)/m/\(message)/delete"
    }
}
