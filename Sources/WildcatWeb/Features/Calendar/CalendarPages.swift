import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// A member's calendar feed: a secret address that calendar apps read without a session, so it
/// can be revoked (and renewed) from the account's calendar page.
struct CalendarPages {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// Feeds show what ended up to a month ago, and all that is to come.
    static let lookBack: TimeInterval = 30 * 86400

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.member(.get, "/account/calendar", use: page)
        routes.member(.post, "/account/calendar", use: renew)
        routes.member(.post, "/account/calendar/revoke", use: revoke)
        return routes
    }

    /// Outside the anti-forgery and session checks: the token is the proof, and it only reads.
    var feedEndpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/calendar/{file}", use: feed)
        return routes
    }

    @Sendable func page(_ request: Request, context: MemberContext) async throws -> Response {
        render(context, link: nil, has: try await store.hasCalendarFeed(context.account.id), notice: nil)
    }

    private func render(_ context: MemberContext, link: String?, has: Bool, notice: String?) -> Response {
        environment.pages.render("calendar", CalendarView(chrome: PageChrome(context), link: link, hasFeed: has, notice: notice,
                                                          renewAction: Paths.calendar, revokeAction: Paths.calendar + "/revoke"))
    }

    @Sendable func renew(_ request: Request, context: MemberContext) async throws -> Response {
        let token = try await store.renewCalendarFeed(of: context.account.id, now: now)
        // Shown once: only its hash is kept.
        return render(context, link: environment.configuration.publicURL + Paths.calendarFeed(token.value), has: true,
                      notice: "Copy this address into your calendar app now: it is shown only once.")
    }

    @Sendable func revoke(_ request: Request, context: MemberContext) async throws -> Response {
        try await store.revokeCalendarFeed(of: context.account.id)
        return render(context, link: nil, has: false, notice: "The calendar address no longer works. Calendar apps that used it get nothing more.")
    }

    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
              let owner = try await store.calendarFeedOwner(token: String(file.dropLast(4))) else {
            // Read by calendar apps: plain words, not a page.
            var response = Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string:
                "This calendar address does not work: it was revoked, renewed or mistyped. Make a new one on your account's calendar page.\n")))
            response.headers[.contentType] = "text/plain; charset=utf-8"
            return response
        }
        let entries = try await store.calendar(of: owner, since: now - Self.lookBack)
        return CalendarDocument.response(CalendarDocument.feed(entries, publicURL: environment.configuration.publicURL).rendered(stamp: now),
                                         filename: "wildcat.ics")
    }
}

struct CalendarView: Sendable {
    let chrome: PageChrome
    let link: String?
    /// The same address as webcal://, which phones hand to their calendar app to subscribe.
    var subscribeLink: String? {
        guard let link, let colon = link.firstIndex(of: ":") else { return nil }
        return "webcal" + link[colon...]
    }
    let hasFeed: Bool
    let notice: String?
    let renewAction: String
    let revokeAction: String
}
