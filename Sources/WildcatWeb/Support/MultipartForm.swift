import MultipartKit
import NIOCore
import WildcatDomain

/// A `multipart/form-data` body (a form with a file) read with Vapor's MultipartKit parser, as
/// strictly as `FormDecoding` reads plain forms: every part named, none twice, text as UTF-8.
struct MultipartForm {
    struct Part {
        let name: String
        /// The sender's file name, for a file part (percent-escapes as browsers send them are kept).
        let filename: String?
        let contentType: String?
        let body: ByteBuffer
    }

    private(set) var parts: [String: Part] = [:]

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let fields = HeaderParameters(contentType)
        guard fields.value.lowercased() == "multipart/form-data", let boundary = fields["boundary"], !boundary.isEmpty, boundary.utf8.count <= 70 else {
            return nil
        }
        return boundary
    }

    init(_ body: ByteBuffer, boundary: String, maxParts: Int = 8) throws(InputError) {
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:], current = ByteBuffer(), complete: [Part] = []
        var tooMany = false
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = HeaderParameters(headers["content-disposition"] ?? "")
            if complete.count == maxParts { tooMany = true }
            complete.append(Part(name: disposition["name"] ?? "", filename: disposition["filename"], contentType: headers["content-type"], body: current))
            headers = [:]
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw InputError(field: "form", "The form could not be read.") }
        guard !tooMany else { throw InputError(field: "form", "The form has more fields than it should.") }
        for part in complete {
            guard !part.name.isEmpty else { throw InputError(field: "form", "The form could not be read.") }
            guard parts[part.name] == nil else { throw InputError(field: "form", "A field was sent twice: \(part.name.prefix(40)).") }
            parts[part.name] = part
        }
    }

    /// A text field, as UTF-8; nil when not sent.
    func text(_ name: String) throws(InputError) -> String? {
        guard let part = parts[name] else { return nil }
        guard let text = String(validating: part.body.readableBytesView, as: UTF8.self) else {
            throw InputError(field: name, "The form contains text that is not valid UTF-8.")
        }
        return text
    }

    func file(_ name: String) -> Part? {
        parts[name].flatMap { $0.filename == nil ? nil : $0 }
    }
}

/// `value; key=token; key="quoted \" text"`, as in Content-Type and Content-Disposition.
struct HeaderParameters {
    let value: String
    private var parameters: [String: String] = [:]

    init(_ header: String) {
        var scalars = Substring(header).unicodeScalars[...]
        func skipSpaces() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        func token() -> String {
            var text = ""
            while let first = scalars.first, first != ";", first != "=" { text.unicodeScalars.append(scalars.removeFirst()) }
            return text.trimmingCharacters(in: .whitespaces)
        }
        value = token()
        while scalars.first == ";" {
            scalars.removeFirst()
            skipSpaces()
            let key = token().lowercased()
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            var found = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                while let next = scalars.first, next != "\"" {
                    scalars.removeFirst()
                    if next == "\\", let escaped = scalars.first { scalars.removeFirst(); found.unicodeScalars.append(escaped) } else { found.unicodeScalars.append(next) }
                }
                if !scalars.isEmpty { scalars.removeFirst() }
                while let next = scalars.first, next != ";" { scalars.removeFirst() }
            } else {
                found = token()
            }
            if !key.isEmpty, parameters[key] == nil { parameters[key] = found }
        }
    }

    subscript(key: String) -> String? { parameters[key] }
}
