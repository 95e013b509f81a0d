import Foundation
import HTTPTypes
import Logging
import NIOCore
import Hummingbird

import WildcatDomain
import WildcatImages
import WildcatStore

/// A file as the sender's browser sent it, before any check.
struct Upload: Sendable {
    let name: String
    let declaredType: String?
    let bytes: [UInt8]
}

/// Photos and files in a channel: sent with a plain `multipart/form-data` form (no script
/// needed), fetched only by those who may read the message they came with.
struct ChatFiles {
    let chat: ChatPages
    var service: ChatService { chat.service }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.post, Self.uploadRoute, use: upload)
        routes.assembly(.get, "/c/{channel}/f/{file}", use: download)
        return routes
    }

    /// The one route whose form is multipart: its anti-forgery token is checked here, as a part
    /// of the form, rather than by `CSRFMiddleware` (which reads only small plain forms).
    static let uploadRoute = "/c/{channel}/upload"

    @Sendable func upload(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context)
        guard context.access == .member else { throw Refusal.notFound }
        let limit = service.environment.images.rules.maxBytes
        let refusedSize = service.environment.images.rules.tooLarge
        guard let boundary = MultipartForm.boundary(of: request.headers[.contentType]) else {
            throw InputError(field: "form", "Send the file with the form on the channel's page.")
        }
        // Room for the caption and the form's other fields beyond the file itself.
        let envelope = limit + Limits.requestBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > envelope {
            return try await refuse(refusedSize, context: context, channel: channelID, status: .contentTooLarge)
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: envelope) } catch let error as HTTPError where error.status == .contentTooLarge {
            return try await refuse(refusedSize, context: context, channel: channelID, status: .contentTooLarge)
        }
        let form = try MultipartForm(body, boundary: boundary)
        guard let token = try form.text(CSRF.fieldName), CSRF.matches(token, context.csrfToken) else {
            context.logger.notice("refused an upload without a valid anti-forgery token")
            throw Refusal.csrfRejected
        }
        let caption = try form.text("body") ?? ""
        do {
            guard let file = form.file("file"), file.body.readableBytes > 0 || !(file.filename ?? "").isEmpty else {
                throw InputError(field: "file", "Choose a photo or file to send.")
            }
            let upload = Upload(name: file.filename ?? "", declaredType: file.contentType, bytes: Array(file.body.readableBytesView))
            let message = try await service.post(in: context.assembly, channel: channelID, by: context.account, caption: caption, file: upload)
            return seeOther(Paths.inChannel(message.id, channel: channelID, in: context.assembly.id))
        } catch let error as InputError {
            return try await refuse(error, context: context, channel: channelID, draft: caption, status: .unprocessableContent)
        }
    }

    private func refuse(_ error: InputError, context: AssemblyContext, channel: ID<WildcatDomain.Channel>, draft: String = "",
                        status: HTTPResponse.Status) async throws -> Response {
        try await chat.renderChannel(context: context, channelID: channel, before: nil,
                                     upload: (error.message, String(draft.prefix(MessageText.maxLength + 100))), status: status)
    }

    /// A photo is shown in the page; any other file only ever downloads, typed as bytes, so that
    /// no browser runs or renders it as this site's content. Neither is kept in the browser's cache.
    @Sendable func download(_ request: Request, context: AssemblyContext) async throws -> Response {
        let channelID = try ChatParameters.channel(context)
        guard let raw = context.parameters.get("file"), raw.count <= 64 else { throw Refusal.notFound }
        let stored = try await service.attachment(ID(raw), channel: channelID, in: context.assembly, for: context.account)
        let attachment = stored.attachment
        let disposition = attachment.kind == .image ? "inline" : "attachment"
        var headers: HTTPFields = [
            .contentType: attachment.kind == .image ? attachment.mediaType : "application/octet-stream",
            .contentDisposition: "\(disposition); \(Self.filenameParameters(attachment.name))",
            .cacheControl: "private, no-store",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.bytes)))
    }

    /// `filename="…"` in plain ASCII for old clients, and the exact name in `filename*` (RFC 6266).
    static func filenameParameters(_ name: String) -> String {
        let plain = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let exact = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? plain
        return "filename=\"\(plain)\"; filename*=UTF-8''\(exact)"
    }
}
