import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// The alerts settings page, push subscription from the browser, and the links in e-mail that
/// confirm an address or stop all mail (these work without signing in: the link's token is the
/// proof, see `AlertTokens`).
struct AlertPages {
    let service: AlertsService
    let assemblies: AssembliesService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.member(.get, "/account/alerts", use: settingsPage)
        routes.member(.post, "/account/alerts", use: saveSettings)
        routes.member(.post, "/account/alerts/email", use: setEmail)
        routes.member(.post, "/account/alerts/email/delete", use: deleteEmail)
        routes.member(.post, "/account/alerts/push", use: subscribe)
        routes.member(.post, "/account/alerts/push/delete", use: unsubscribe)
        return routes
    }

    /// Token links, mounted without the anti-forgery check (a mail provider's one-click POST
    /// carries none; the token in the path is what authorizes).
    var linkEndpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/alerts/confirm/{account}/{token}", use: confirmPage)
        routes.open(.post, "/alerts/confirm/{account}/{token}", use: confirm)
        routes.open(.get, "/alerts/unsubscribe/{account}/{token}", use: unsubscribePage)
        routes.open(.post, "/alerts/unsubscribe/{account}/{token}", use: unsubscribeByLink)
        return routes
    }

    @Sendable func settingsPage(_ request: Request, context: MemberContext) async throws -> Response {
        try await render(context, notice: request.uri.queryParameters.get("saved").map { _ in "Saved." })
    }

    func render(_ context: MemberContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let stored = try await service.settings(of: context.account)
        let settings = stored.settings
        let mine = try await assemblies.assemblies(of: context.account)
        let devices = try await service.store.pushSubscriptions(of: context.account.id).count
        let mail = service.channels.mail != nil
        let view = AlertsView(
            chrome: PageChrome(context), notice: notice, error: error,
            vapidKey: service.channels.vapid.current.publicKey, devices: devices, hasDevices: devices > 0,
            devicesText: devices == 1 ? "1 device gets push alerts." : "\(devices) devices get push alerts.",
            mailEnabled: mail, email: service.address(stored), emailConfirmed: stored.emailConfirmed,
            assemblies: mine.map { item in
                AlertsView.AssemblyItem(id: item.assembly.id.rawValue, name: item.assembly.name,
                                        push: AlertsView.options(selected: stored.level(item.assembly.id, .push)),
                                        email: AlertsView.options(selected: stored.level(item.assembly.id, .email)))
            },
            quietStart: settings.quietHours.map { AlertsView.clock($0.startMinute) } ?? "",
            quietEnd: settings.quietHours.map { AlertsView.clock($0.endMinute) } ?? "",
            offsets: AlertsView.offsets(selected: settings.utcOffsetMinutes), urgentBreaksQuiet: settings.urgentBreaksQuiet,
            digests: DigestFrequency.allCases.map {
                AlertsView.Option(value: $0.rawValue, label: AlertsView.digestLabel($0), selected: $0 == settings.digest)
            })
        return pages.render("alerts", view, status: status)
    }

    @Sendable func saveSettings(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormDecoding.decode(AlertSettingsForm.self, from: request, context: context)
        do {
            let (settings, levels) = try form.parsed()
            try await service.save(settings, levels: levels, for: context.account)
        } catch let error as InputError {
            return try await render(context, error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.alerts + "?saved=1")
    }

    @Sendable func setEmail(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormDecoding.decode(EmailForm.self, from: request, context: context)
        do {
            let sent = form.resend == "1" ? try await service.resendConfirmation(for: context.account) : try await service.setEmail(form.email ?? "", for: context.account)
            return try await render(context, notice: sent ? "We sent a link to the address: open it to confirm. Nothing else is sent before that."
                                                          : "The address is kept, but the confirmation could not be sent now. Try again later.")
        } catch let error as InputError {
            return try await render(context, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func deleteEmail(_ request: Request, context: MemberContext) async throws -> Response {
        try await service.removeEmail(for: context.account.id)
        return seeOther(Paths.alerts + "?saved=1")
    }

    /// From the page's script (JSON, as `PushSubscription.toJSON()` gives it) or a form.
    @Sendable func subscribe(_ request: Request, context: MemberContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let subscription: SubscriptionJSON
        do { subscription = try JSONDecoder().decode(SubscriptionJSON.self, from: Data(body.readableBytesView)) } catch {
            throw InputError(field: "subscription", "Send the subscription as JSON: {endpoint, keys: {p256dh, auth}}.")
        }
        let id = try await service.subscribe(context.account, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth)
        return Response(status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"id\":\"\(id)\"}")))
    }

    @Sendable func unsubscribe(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await FormDecoding.decode(UnsubscribeForm.self, from: request, context: context)
        try await service.unsubscribe(context.account, endpoint: form.endpoint)
        return seeOther(Paths.alerts + "?saved=1")
    }

    @Sendable func confirmPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (account, token) = try Self.link(context)
        return pages.render("alert-link", AlertLinkView(chrome: PageChrome(context), heading: "Confirm your address",
                                                        message: "Wildcat will send alerts to this address, as you choose on your alerts page.",
                                                        action: Paths.confirmEmail(account, token: token), button: "Confirm"))
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (account, token) = try Self.link(context)
        let done = try await service.confirm(account, token: token)
        return pages.render("notice", NoticeView(chrome: PageChrome(context), heading: done ? "Address confirmed" : "This link no longer works",
                                                 message: done ? "Alerts you chose will reach this address." : "The address was changed or removed since. Ask for a new link on your alerts page.",
                                                 link: Paths.alerts, linkText: "Your alerts"), status: done ? .ok : .notFound)
    }

    @Sendable func unsubscribePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (account, token) = try Self.link(context)
        guard service.unsubscribeLinkIsValid(account, token: token) else { throw Refusal.notFound }
        return pages.render("alert-link", AlertLinkView(chrome: PageChrome(context), heading: "Stop all e-mail from Wildcat",
                                                        message: "Your address will be deleted from this server. Push and live alerts stay as they are.",
                                                        action: Paths.unsubscribe(account, token: token), button: "Stop e-mail and delete my address"))
    }

    /// The page's button, or a mail provider's one-click POST (RFC 8058).
    @Sendable func unsubscribeByLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (account, token) = try Self.link(context)
        guard try await service.unsubscribe(account, token: token) else { throw Refusal.notFound }
        return pages.render("notice", NoticeView(chrome: PageChrome(context), heading: "No more e-mail",
                                                 message: "Your address is deleted from this server.", link: Paths.alerts, linkText: "Your alerts"))
    }

    static func link(_ context: AppRequestContext) throws -> (ID<Account>, String) {
        guard let account = context.parameters.get("account"), account.count <= 64,
              let token = context.parameters.get("token"), token.count <= 64 else { throw Refusal.notFound }
        return (ID(account), token)
    }
}

struct SubscriptionJSON: Codable, Sendable {
    struct Keys: Codable, Sendable {
        let p256dh: String
        let auth: String
    }
    let endpoint: String
    let keys: Keys
}

struct EmailForm: Decodable, Sendable {
    let email: String?
    let resend: String?
}

struct UnsubscribeForm: Decodable, Sendable {
    /// One device (the page's script knows its endpoint); without it, every device.
    let endpoint: String?
}

/// The settings form: quiet hours ("22:00" to "07:00"), the member's UTC offset in minutes,
/// digests, and a level per assembly and channel (`level[ASSEMBLY][push]=urgent`).
struct AlertSettingsForm: Decodable, Sendable {
    let quietStart: String?
    let quietEnd: String?
    let utcOffset: Int?
    let urgentBreaksQuiet: String?
    let digest: String?
    let level: [String: [String: String]]?

    func parsed() throws(InputError) -> (AlertSettings, [(ID<Assembly>, AlertChannel, AlertLevel)]) {
        var quiet: QuietHours?
        switch (quietStart.flatMap(Self.minutes), quietEnd.flatMap(Self.minutes)) {
        case (nil, nil) where (quietStart ?? "").isEmpty && (quietEnd ?? "").isEmpty: quiet = nil
        case (let start?, let end?):
            guard let hours = QuietHours(startMinute: start, endMinute: end) else { throw InputError(field: "quietEnd", "Quiet hours must end at another time than they start.") }
            quiet = hours
        default: throw InputError(field: "quietStart", "Give quiet hours as two times, such as 22:00 and 07:00, or leave both empty.")
        }
        let offset = utcOffset ?? 0
        guard AlertSettings.utcOffsetRange.contains(offset) else { throw InputError(field: "utcOffset", "A time zone is at most 14 hours from UTC.") }
        guard let digest = DigestFrequency(rawValue: digest ?? "none") else { throw InputError(field: "digest", "Choose none, daily or weekly.") }
        var levels: [(ID<Assembly>, AlertChannel, AlertLevel)] = []
        // Two channels per assembly; a member is in a few hundred assemblies at the very most.
        guard (level ?? [:]).count <= 1000 else { throw InputError(field: "level", "Too many assemblies in one form.") }
        for (assembly, channels) in (level ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard assembly.count <= 64 else { throw InputError(field: "level", "Unknown assembly.") }
            for (channel, value) in channels.sorted(by: { $0.key < $1.key }) {
                guard let channel = AlertChannel(rawValue: channel), let value = AlertLevel(rawValue: value) else {
                    throw InputError(field: "level", "Choose everything, urgent only or nothing, for push or e-mail.")
                }
                levels.append((ID(assembly), channel, value))
            }
        }
        return (AlertSettings(quietHours: quiet, urgentBreaksQuiet: urgentBreaksQuiet == "on", digest: digest, utcOffsetMinutes: offset), levels)
    }

    /// "HH:MM" → minutes since midnight.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}
