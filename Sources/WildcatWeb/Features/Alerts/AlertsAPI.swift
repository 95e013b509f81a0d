import Foundation
import Hummingbird
import WildcatDomain

/// Push subscriptions over the API, for apps: the server's VAPID public key to subscribe with,
/// and the subscription to keep or forget.
struct AlertsAPI {
    let service: AlertsService

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.open(.get, "/push/key", use: key)
        routes.member(.post, "/push/subscriptions", use: subscribe)
        routes.member(.delete, "/push/subscriptions/{subscription}", use: unsubscribe)
        return routes
    }

    @Sendable func key(_ request: Request, context: AppRequestContext) async throws -> PushKeyJSON {
        PushKeyJSON(publicKey: service.channels.vapid.current.publicKey)
    }

    @Sendable func subscribe(_ request: Request, context: MemberContext) async throws -> EditedResponse<PushSubscriptionJSON> {
        let body = try await request.decode(as: SubscriptionJSON.self, context: context)
        let id = try await service.subscribe(context.account, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth)
        return EditedResponse(status: .created, response: PushSubscriptionJSON(id: id, endpoint: body.endpoint))
    }

    @Sendable func unsubscribe(_ request: Request, context: MemberContext) async throws -> Response {
        guard let id = context.parameters.get("subscription"), id.count <= 64 else { throw Refusal.notFound }
        // Another member's subscription is as unknown as one that never was.
        guard try await service.unsubscribe(context.account, id: id) > 0 else { throw Refusal.notFound }
        return Response(status: .noContent)
    }
}

struct PushKeyJSON: ResponseEncodable {
    let publicKey: String
}

struct PushSubscriptionJSON: ResponseEncodable {
    let id: String
    let endpoint: String
}
