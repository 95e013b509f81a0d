import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
@testable import WildcatWeb

private func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WildcatImagesTests/Fixtures").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
    let needle = Array(text.utf8)
    guard bytes.count >= needle.count else { return false }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
}

extension Browser {
    /// Sends the channel page's photo form as a browser does (`multipart/form-data`).
    @discardableResult
    func upload(_ channel: String, filename: String, type: String, bytes: [UInt8], caption: String = "", csrf: String? = nil) async throws -> Page {
        let boundary = "----WildcatTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let token = csrf ?? lastCSRF, !token.isEmpty { field("csrf", token) }
        field("body", caption)
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(channel + "/upload", method: .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func download(_ path: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, bytes: [UInt8]) {
        var headers: HTTPFields = [.userAgent: userAgent]
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return (response.status, response.headers, Array(response.body.readableBytesView))
    }
}

/// Photos and files through the pages: cleaned, served only to members, refused when bad.
@Suite("Photos and files")
struct ChatFilesTests {
    @Test func aPhotoIsServedCleanedToMembersOnlyAndAFileOnlyAsADownload() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), lucy = Browser(client), carol = Browser(client), stranger = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            _ = try await lucy.signUp(link: try await rosa.invite(path), pseudonym: "Lucy")
            let elsewhere = try await rosa.found("Janitors")
            _ = try await carol.signUp(link: try await rosa.invite(elsewhere), pseudonym: "Carol")
            let general = String(try #require(try await rosa.get(path).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            let channel = try await rosa.get(general).body
            #expect(channel.contains(#"enctype="multipart/form-data""#) && channel.contains("at most 10 MB"))

            let original = try fixture("gps.jpg")
            let sent = try await rosa.upload(general, filename: "rota.jpg", type: "image/jpeg", bytes: original, caption: "New rota")
            #expect(sent.status == .seeOther)
            let page = try await lucy.get(general).body
            let link = String(try #require(page.firstMatch(of: /<img src="([^"]+\/f\/[a-z0-9]+)" alt="Photo: rota.jpg" width="900" height="1200"/)).1)
            #expect(page.contains("New rota"))
            let photo = try await lucy.download(link)
            #expect(photo.status == .ok && photo.headers[.contentType] == "image/jpeg")
            #expect(photo.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff" && photo.headers[.cacheControl] == "private, no-store")
            #expect(ImageFormat.sniff(photo.bytes) == .jpeg && !contains(photo.bytes, "Exif") && !contains(photo.bytes, "Fairphone"))
            // Not a member: not found, whichever way it is asked for.
            #expect(try await carol.download(link).status == .notFound)
            #expect(try await stranger.download(link).status != .ok)
            let carolsGeneral = String(try #require(try await carol.get(elsewhere).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            let file = String(try #require(link.firstMatch(of: /\/f\/([a-z0-9]+)$/)).1)
            #expect(try await carol.download(carolsGeneral + "/f/" + file).status == .notFound)

            // A PDF: the same bytes back, but only ever as a download of bytes.
            let pdf = Array("%PDF-1.7\n<script>alert(1)</script>\n%%EOF".utf8)
            try await rosa.get(general)
            #expect(try await rosa.upload(general, filename: "Memo März.pdf", type: "application/pdf", bytes: pdf).status == .seeOther)
            let memo = String(try #require(try await lucy.get(general).body.firstMatch(of: /<a href="([^"]+\/f\/[a-z0-9]+)" download>Memo März.pdf<\/a>/)).1)
            let download = try await lucy.download(memo)
            #expect(download.bytes == pdf && download.headers[.contentType] == "application/octet-stream")
            #expect(download.headers[.contentDisposition] == #"attachment; filename="Memo M_rz.pdf"; filename*=UTF-8''Memo%20M%C3%A4rz.pdf"#)
            #expect(download.headers[.contentSecurityPolicy] == "default-src 'none'; sandbox")

            // Deleting the message (from its edit page) takes its file with it.
            let edit = String(try #require(try await rosa.get(general).body.firstMatch(of: /href="([^"]+\/edit)" class="own"/)).1)
            let delete = String(try #require(try await rosa.get(edit).body.firstMatch(of: /action="([^"]+\/delete)"/)).1)
            #expect(try await rosa.post(delete).status == .seeOther)
            #expect(try await lucy.download(link).status == .notFound)
        }
    }

    /// An informer who joins today fetches no photo sent before they joined (the default rule),
    /// even knowing its address; a member who was there still does.
    @Test func aNewcomerCannotFetchAPhotoSentBeforeTheyJoined() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client), informer = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let general = String(try #require(try await rosa.get(path).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            try await rosa.get(general)
            #expect(try await rosa.upload(general, filename: "rota.jpg", type: "image/jpeg", bytes: try fixture("gps.jpg")).status == .seeOther)
            let link = String(try #require(try await rosa.get(general).body.firstMatch(of: /<img src="([^"]+\/f\/[a-z0-9]+)"/)).1)
            app.clock.advance(by: 60)
            _ = try await informer.signUp(link: try await rosa.invite(path), pseudonym: "Manager Friend")
            #expect(!(try await informer.get(general)).body.contains("/f/"))
            #expect(try await informer.download(link).status == .notFound)
            #expect(try await rosa.download(link).status == .ok)
        }
    }

    @Test func badUploadsAreRefusedClearlyAndStoreNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            let general = String(try #require(try await rosa.get(path).body.firstMatch(of: /href="(\/a\/[a-z0-9]+\/c\/[a-z0-9]+)"/)).1)
            func refused(_ filename: String, _ type: String, _ bytes: [UInt8], status: HTTPResponse.Status = .unprocessableContent) async throws -> String {
                try await rosa.get(general)
                let page = try await rosa.upload(general, filename: filename, type: type, bytes: bytes)
                #expect(page.status == status, "\(filename)")
                return page.body
            }
            let pdf = Array("%PDF-1.7\nnot a photo".utf8)
            #expect(try await refused("rota.jpg", "image/jpeg", pdf).contains("The file says it is a JPEG image, but it is not one."))
            #expect(try await refused("bomb.png", "image/png", try fixture("bomb.png")).contains("100000 × 100000 pixels"))
            #expect(try await refused("wide.jpg", "image/jpeg", try fixture("wide.jpg")).contains("17000 × 8 pixels"))
            #expect(try await refused("../../etc/passwd", "text/plain", Array("x".utf8)).contains("may not contain / or \\"))
            #expect(try await refused("memo\u{202E}fdp.exe", "application/pdf", pdf).contains("control or invisible formatting characters"))
            #expect(try await refused("half.jpg", "image/jpeg", Array(try fixture("gps.jpg").prefix(20_000))).contains("damaged or incomplete"))
            let big = [UInt8](repeating: 0x41, count: 10 * 1024 * 1024 + 1)
            #expect(try await refused("big.bin", "application/octet-stream", big).contains("The file is larger than 10 MB, the most that can be sent."))
            let huge = [UInt8](repeating: 0x41, count: 10 * 1024 * 1024 + 100 * 1024)
            #expect(try await refused("huge.bin", "application/octet-stream", huge, status: .contentTooLarge).contains("larger than 10 MB"))
            // Without the form's token: refused before anything is read.
            try await rosa.get(general)
            #expect(try await rosa.upload(general, filename: "a.pdf", type: "application/pdf", bytes: pdf, csrf: "forged").status == .forbidden)
            // A plain form to the upload address: refused too.
            #expect(try await rosa.post(general + "/upload", ["body": "hi"]).status == .forbidden)
            let page = try await rosa.get(general).body
            #expect(!page.contains("/f/") && page.contains("No messages yet"))
        }
    }
}
