import WildcatDomain

/// What every page's layout needs: who is signed in (for the header) and the anti-forgery token.
struct PageChrome: Sendable {
    /// The signed-in pseudonym, if any.
    let me: String?
    let csrf: String
    /// Where the language form comes back to.
    let here: String

    init(me: String?, csrf: String) {
        self.me = me
        self.csrf = csrf
        self.here = ReturnAddress.current
    }

    init(_ context: AppRequestContext) {
        self.init(me: context.signedIn?.account.pseudonym, csrf: context.csrfToken)
    }

    init(_ context: MemberContext) {
        self.init(me: context.account.pseudonym, csrf: context.csrfToken)
    }

    init(_ context: AssemblyContext) {
        self.init(me: context.account.pseudonym, csrf: context.csrfToken)
    }
}

/// An error page.
struct ErrorView: Sendable {
    let chrome: PageChrome
    let heading: String
    let message: String
}

/// A page that only says something (an account deleted, a link made).
struct NoticeView: Sendable {
    let chrome: PageChrome
    let heading: String
    let message: String
    var link: String?
    var linkText: String?
}

/// A page with nothing but the layout's needs.
struct PlainPage: Sendable {
    let chrome: PageChrome
}
