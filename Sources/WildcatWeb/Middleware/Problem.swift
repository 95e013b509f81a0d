import Foundation
import Hummingbird
import NIOCore
import WildcatDomain
import WildcatStore

/// The one mapping from errors to what people are told: a status, a title and a detail. Both
/// error middlewares (pages, API) use it; anything not listed is a 500 that reveals nothing.
struct Problem: Sendable {
    let status: HTTPResponse.Status
    let title: String
    let detail: String
    var field: String?
    var retryAfter: Int?
    /// For a 405: the methods the path answers.
    var allow: String?

    init(status: HTTPResponse.Status, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
    }

    init(_ error: any Error) {
        switch error {
        case let error as InputError:
            self.init(status: .unprocessableContent, title: "Please check what you entered", detail: error.message, field: error.field)
        case let refusal as Refusal:
            self.init(refusal)
        case let error as QueryError:
            self.init(status: .badRequest, title: "Malformed request", detail: error.message, field: error.field)
        case let error as TallyError:
            self.init(Refusal.invalidBallot(error.message))
        case let error as MethodNotAllowed:
            self.init(status: .methodNotAllowed, title: "Method not allowed",
                      detail: "This address answers only " + error.allowed.map(\.rawValue).joined(separator: ", ") + ".")
            self.allow = error.allowed.map(\.rawValue).joined(separator: ", ")
        case is PublicPageGone:
            self.init(status: .gone, title: "Page withdrawn", detail: "The assembly withdrew this action's public page, or called the action off. Thank you for your support.")
        case is NIOTooManyBytesError:
            self.init(Refusal.bodyTooLarge)
        case let error as DecodingError:
            self.init(status: .badRequest, title: "Malformed request", detail: Self.describe(error))
        case let error as HTTPError:
            switch error.status {
            case .notFound: self.init(Refusal.notFound)
            case .contentTooLarge: self.init(Refusal.bodyTooLarge)
            default: self.init(status: error.status, title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            }
        case StoreError.unreachable:
            self.init(status: .serviceUnavailable, title: "Try again in a moment",
                      detail: "The server cannot reach its database just now: nothing was done. Try again in a moment.")
        case StoreError.noAnswer:
            self.init(status: .serviceUnavailable, title: "No answer in time",
                      detail: "The server's database did not answer in time: what you sent may or may not have been saved. Look before sending it again.")
        case StoreError.cannotWrite:
            self.init(status: .serviceUnavailable, title: "Cannot save now",
                      detail: "The server has no room to store this (its disk is full or failing): nothing was saved. What is stored can still be read. Tell whoever runs the server.")
        default:
            self.init(status: .internalServerError, title: "Something went wrong", detail: "The server could not complete this request. Nothing was changed; try again.")
        }
    }

    init(_ refusal: Refusal) {
        switch refusal {
        case .pseudonymTaken:
            self.init(status: .conflict, title: "Pseudonym taken", detail: "Someone on this server already uses that pseudonym, or one that looks the same. Choose another.", field: "pseudonym")
        case .inviteNotUsable(let status):
            self.init(status: .gone, title: "Invite not usable", detail: Self.explain(status))
        case .inviteNotFound:
            self.init(status: .notFound, title: "Invite not found", detail: "This invite link is not valid. Check that it was copied whole, or ask for a new one.")
        case .notFound:
            self.init(status: .notFound, title: "Not found", detail: "There is nothing here, or it is not yours to see.")
        case .alreadyMember:
            self.init(status: .conflict, title: "Already a member", detail: "You are already a member of this assembly.")
        case .notPermitted(let why):
            self.init(status: .forbidden, title: "Not allowed", detail: Self.explain(why))
        case .wrongCredentials:
            self.init(status: .unauthorized, title: "Sign-in failed", detail: "That pseudonym and passphrase do not match.")
        case .notSignedIn:
            self.init(status: .unauthorized, title: "Sign in first", detail: "You need to be signed in to do this.")
        case .rateLimited(let seconds):
            self.init(status: .tooManyRequests, title: "Too many attempts", detail: "Too many attempts. Wait \(seconds) seconds and try again.")
            self.retryAfter = seconds
        case .csrfRejected:
            self.init(status: .forbidden, title: "Form expired", detail: "This form is out of date or came from another site. Go back, reload the page and try again.")
        case .bodyTooLarge:
            self.init(status: .contentTooLarge, title: "Too large", detail: "The request is larger than \(Limits.requestBodyBytes / 1024) KB.")
        case .channelNameTaken(let name):
            self.init(status: .conflict, title: "Name taken", detail: "This assembly already has a channel called “\(name)”.", field: "name")
        case .votingClosed:
            self.init(status: .conflict, title: "Voting has closed", detail: "This proposal is closed; its result is final.")
        case .invalidBallot(let why):
            self.init(status: .unprocessableContent, title: "Please check your ballot", detail: why, field: "ballot")
        case .tokenAlreadyTaken:
            self.init(status: .conflict, title: "Token already taken",
                      detail: "You have taken your token for this secret ballot already: one member, one token.")
        case .tokenAlreadyUsed:
            self.init(status: .conflict, title: "Token already used", detail: "This token has cast its ballot already; a secret ballot cannot be changed.")
        case .tokenNotSigned:
            self.init(status: .forbidden, title: "Not a token of this vote", detail: "The token is not signed by this proposal's key.")
        }
    }

    /// What to tell a person who opens an invite link in this state.
    static func explain(_ status: InviteStatus) -> String {
        switch status {
        case .usable: return "This invite is valid."
        case .used: return "This invite has already been used. Ask the person who sent it for a new one."
        case .expired: return "This invite has expired. Ask the person who sent it for a new one."
        case .revoked: return "This invite was withdrawn. Ask a member for a new one."
        case .awaitingDecision: return "This invite works once the assembly decides to admit you. Try again after the vote."
        }
    }

    static func explain(_ forbidden: Forbidden) -> String {
        switch forbidden {
        case .invitesOnlyByDecision: return "This assembly's rules say invites are made only by a decision of the assembly."
        case .firstPersonLinkWhileSignedIn: return "This link is for a new person's first account, and you are already signed in."
        case .seatsOnlyByElection: return "Nobody joins a committee by invite: the assembly elects its delegates."
        case .removedSupporter: return "The assembly removed you from this action's supporters."
        case .onlyDelegates: return "Only the committee's delegates act here; the assembly's members read it, and act through the assembly's own decisions."
        }
    }

    /// An RFC 9457 problem document.
    func jsonResponse() -> Response {
        var object: [String: Any] = ["type": "about:blank", "title": title, "detail": detail, "status": Int(status.code)]
        if let field { object["field"] = field }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var response = Response(status: status, headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        return response
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "The field \"\(key.stringValue)\" is missing."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "The body has the wrong shape." : "The field \"\(path)\" has the wrong type."
        case .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "The body is not valid JSON (UTF-8)." : "The field \"\(path)\" has a value that is not allowed."
        @unknown default: return "The body could not be read."
        }
    }
}
