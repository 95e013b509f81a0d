import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

/// A JSON client for the API.
struct APIClient {
    let client: any TestClientProtocol
    var token: String?

    struct Reply {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let json: Any?
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    }

    func call(_ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]? = nil, raw: String? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        let buffer: ByteBuffer? = try raw.map { ByteBuffer(string: $0) } ?? body.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
        let response = try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: buffer)
        let data = Data(buffer: response.body)
        return Reply(status: response.status, headers: response.headers, json: data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }

    /// A new member, signed up through an invite (its token, or its whole link), holding the token.
    static func signUp(_ client: any TestClientProtocol, invite: String, as pseudonym: String) async throws -> APIClient {
        var member = APIClient(client: client)
        let token = String(invite.split(separator: "/").last ?? "")
        let reply = try await member.call(.post, "/accounts", ["inviteToken": token, "pseudonym": pseudonym, "passphrase": "long enough passphrase"])
        member.token = try #require(reply.object["token"] as? String, "sign-up of \(pseudonym): \(reply.status)")
        return member
    }

    /// A new invite link to the assembly.
    func invite(to assembly: String) async throws -> String {
        try #require(try await call(.post, "/assemblies/\(assembly)/invites", [:]).object["link"] as? String)
    }
}

@Suite("API")
struct APITests {
    @Test func theSameJourneyOverTheJSONAPI() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let firstToken = String(try await app.firstPersonLink().dropFirst("/join/".count))
            var rosa = APIClient(client: client)
            let info = try await rosa.call(.get, "/invites/\(firstToken)")
            #expect(info.status == .ok)
            #expect(info.object["firstPerson"] as? Bool == true)
            let signUp = try await rosa.call(.post, "/accounts", ["inviteToken": firstToken, "pseudonym": "Rosa", "passphrase": "bread and roses too"])
            #expect(signUp.status == .created)
            rosa.token = try #require(signUp.object["token"] as? String)

            let founded = try await rosa.call(.post, "/assemblies", ["name": "Store 14 workers"])
            #expect(founded.status == .created)
            let id = try #require(founded.object["id"] as? String)
            let rules = try #require(founded.object["rules"] as? [String: Any])
            #expect(rules["retentionDays"] as? Int == 90)

            let invite = try await rosa.call(.post, "/assemblies/\(id)/invites", ["maxUses": 2, "expiresInHours": 48])
            #expect(invite.status == .created)
            let link = try #require(invite.object["link"] as? String)
            let inviteToken = String(try #require(link.split(separator: "/").last))

            var lucy = APIClient(client: client)
            let joined = try await lucy.call(.post, "/accounts", ["inviteToken": inviteToken, "pseudonym": "Lucy", "passphrase": "picket line at dawn"])
            #expect(joined.status == .created)
            #expect(joined.object["joinedAssemblyId"] as? String == id)
            lucy.token = joined.object["token"] as? String

            let members = try await lucy.call(.get, "/assemblies/\(id)/members")
            #expect(members.array.map { $0["pseudonym"] as? String } == ["Rosa", "Lucy"])
            #expect(members.array[1]["invitedBy"] as? String == "Rosa")
            let audit = try await lucy.call(.get, "/assemblies/\(id)/audit")
            #expect(audit.array.map { $0["kind"] as? String } == ["memberJoined", "inviteCreated", "assemblyCreated"])
            let openInvites = try await rosa.call(.get, "/assemblies/\(id)/invites")
            #expect(openInvites.array.first?["uses"] as? Int == 1)

            let sessions = try await lucy.call(.get, "/sessions")
            #expect(sessions.array.count == 1)
            #expect(sessions.array[0]["current"] as? Bool == true)

            // Lucy founds her own; Rosa cannot read it.
            let other = try await lucy.call(.post, "/assemblies", ["name": "Janitors"])
            let otherID = try #require(other.object["id"] as? String)
            let hidden = try await rosa.call(.get, "/assemblies/\(otherID)/members")
            #expect(hidden.status == .notFound)
            #expect(hidden.headers[.contentType] == "application/problem+json")
            #expect(hidden.object["status"] as? Int == 404)

            #expect(try await lucy.call(.delete, "/sessions/current").status == .noContent)
            #expect(try await lucy.call(.get, "/me").status == .unauthorized)
        }
    }

    @Test func errorsAreProblemDocumentsAndChangeNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let firstToken = String(try await app.firstPersonLink().dropFirst("/join/".count))
            let anonymous = APIClient(client: client)
            let unauthenticated = try await anonymous.call(.get, "/assemblies")
            #expect(unauthenticated.status == .unauthorized)
            #expect(unauthenticated.object["title"] as? String == "Sign in first")

            let malformed = try await anonymous.call(.post, "/accounts", raw: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers[.contentType] == "application/problem+json")
            let missing = try await anonymous.call(.post, "/accounts", ["pseudonym": "Rosa"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.object["field"] as? String == "inviteToken")
            let hostile = try await anonymous.call(.post, "/accounts", ["inviteToken": firstToken, "pseudonym": "<b>x</b>", "passphrase": "long enough passphrase"])
            #expect(hostile.status == .unprocessableContent)
            #expect(hostile.object["field"] as? String == "pseudonym")
            let badToken = try await anonymous.call(.post, "/accounts", ["inviteToken": "nope", "pseudonym": "Rosa", "passphrase": "long enough passphrase"])
            #expect(badToken.status == .notFound)
            let notUTF8 = try await anonymous.call(.post, "/accounts", raw: "{\"pseudonym\": \"\u{FFFD}\"}".replacingOccurrences(of: "\u{FFFD}", with: "\\udc80"))
            #expect(notUTF8.status == .badRequest || notUTF8.status == .unprocessableContent)
            #expect(try await app.store.accountCount() == 0)

            var rosa = APIClient(client: client)
            rosa.token = try #require(try await rosa.call(.post, "/accounts", ["inviteToken": firstToken, "pseudonym": "Rosa", "passphrase": "long enough passphrase"]).object["token"] as? String)
            let reused = try await anonymous.call(.post, "/accounts", ["inviteToken": firstToken, "pseudonym": "Bob", "passphrase": "long enough passphrase"])
            #expect(reused.status == .gone)
            let id = try #require(try await rosa.call(.post, "/assemblies", ["name": "Store 14"]).object["id"] as? String)
            #expect(try await rosa.call(.post, "/assemblies/\(id)/invites", ["maxUses": 0]).status == .unprocessableContent)
            #expect(try await rosa.call(.post, "/assemblies/\(id)/invites", ["expiresInHours": "soon"]).status == .badRequest)
            #expect(try await rosa.call(.get, "/assemblies/\(id)/invites").array.isEmpty)
            #expect(try await rosa.call(.delete, "/me", ["passphrase": "wrong wrong wrong"]).status == .unauthorized)
            #expect(try await rosa.call(.delete, "/assemblies/\(id)/invites/nosuchinvite").status == .notFound)
        }
    }

    @Test func theAPIIgnoresBrowserCookiesSoOtherSitesCannotUseThem() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let browser = Browser(client)
            _ = try await browser.signUp(link: link, pseudonym: "Rosa")
            let cookie = try #require(browser.cookies["wc_session"])
            let viaCookie = try await APIClient(client: client).call(.post, "/assemblies", ["name": "Forged"], headers: [.cookie: "wc_session=\(cookie)"])
            #expect(viaCookie.status == .unauthorized)
            var viaBearer = APIClient(client: client)
            viaBearer.token = cookie
            #expect(try await viaBearer.call(.get, "/me").object["pseudonym"] as? String == "Rosa")
        }
    }

    @Test func theBearerSchemeIsCaseInsensitiveAndOnlyTheBearerSchemeIsAccepted() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let link = try await app.firstPersonLink()
            let browser = Browser(client)
            _ = try await browser.signUp(link: link, pseudonym: "Rosa")
            let token = try #require(browser.cookies["wc_session"])
            let api = APIClient(client: client)
            for header in ["bearer \(token)", "BEARER  \(token) ", "Bearer \(token)"] {
                #expect(try await api.call(.get, "/me", headers: [.authorization: header]).status == .ok, "\(header)")
            }
            for header in ["Basic \(token)", "Bearer", "Bearer ", "Bearer\(token)", "Bearer x\(token)"] {
                #expect(try await api.call(.get, "/me", headers: [.authorization: header]).status == .unauthorized, "\(header)")
            }
        }
    }

    @Test func theServedOpenAPIDocumentDescribesExactlyTheAPIRoutes() async throws {
        let app = try await TestApp.make()
        let routes = Set(app.built.apiRoutes)
        try await app.run { client in
            let response = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(documented == routes, "documented but not served: \(documented.subtracting(routes)); served but not documented: \(routes.subtracting(documented))")
            // The notations the domain reads are the ones the schema states.
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            #expect(schemas["Fraction"]?["pattern"] as? String == Fraction.pattern)
            let proposal = try #require(((((paths["/api/v1/assemblies/{assembly}/proposals"]?["post"] as? [String: Any])?["requestBody"] as? [String: Any])?["content"]
                as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
            #expect(((proposal["properties"] as? [String: Any])?["threshold"] as? [String: Any])?["pattern"] as? String == Threshold.pattern)
            let pseudonym = try #require((((((paths["/api/v1/accounts"]?["post"] as? [String: Any])?["requestBody"] as? [String: Any])?["content"]
                as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])?["properties"] as? [String: [String: Any]])
            #expect(pseudonym["pseudonym"]?["maxLength"] as? Int == Limits.pseudonymLength.upperBound)
            #expect(pseudonym["pseudonym"]?["minLength"] as? Int == Limits.pseudonymLength.lowerBound)
        }
    }
}
