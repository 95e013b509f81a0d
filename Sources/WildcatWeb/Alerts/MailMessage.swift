import Foundation

/// An RFC 5322 message with a plain-text part and an HTML alternative, both base64 (any script,
/// any line length), CRLF line ends.
struct MailMessage {
    let from: String
    let to: String
    let subject: String
    let plainText: String
    let html: String
    let messageID: String
    let publicURL: String
    /// With it, List-Unsubscribe (RFC 2369) and one-click List-Unsubscribe-Post (RFC 8058).
    let unsubscribe: String?
    let now: Date

    func rendered() -> String {
        let boundary = "wildcat-" + UUID().uuidString
        let host = URL(string: publicURL)?.host ?? "wildcat.invalid"
        var headers = [
            "From: Wildcat <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.date(now))",
            "Message-ID: <\(messageID)@\(host)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "Auto-Submitted: auto-generated",
        ]
        if let unsubscribe {
            headers += ["List-Unsubscribe: <\(unsubscribe)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        }
        func part(_ type: String, _ body: String) -> String {
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + part("text/plain", plainText) + part("text/html", html) + "--\(boundary)--"
    }

    /// A header value in ASCII as is, otherwise as an RFC 2047 encoded word.
    static func encodedWord(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return clean }
        return "=?utf-8?b?\(Data(clean.utf8).base64EncodedString())?="
    }

    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
