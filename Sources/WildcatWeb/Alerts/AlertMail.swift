import Foundation
import WildcatDomain
import WildcatStore

/// The e-mail for one member: one alert, or a digest of several. Plain text first, with a small
/// HTML alternative; an unsubscribe link in the body and in List-Unsubscribe (RFC 2369, with
/// RFC 8058's one-click POST).
struct AlertMail {
    let from: String
    let to: String
    let alerts: [QueuedAlert]
    let publicURL: String
    let unsubscribeLink: String
    let now: Date

    var subject: String {
        alerts.count == 1 ? alerts[0].text : "\(alerts.count) alerts from your assemblies"
    }

    var plainText: String {
        var lines = alerts.map { "\($0.text)\n\(publicURL)\($0.link)\n" }
        lines.append("""
            --
            Wildcat sends no titles or names by e-mail unless your assembly voted to.
            Stop all e-mail from Wildcat (your address is deleted): \(unsubscribeLink)
            Choose what you get: \(publicURL)\(Paths.alerts)
            """)
        return lines.joined(separator: "\n")
    }

    var html: String {
        let items = alerts.map { "<p>\(Self.escape($0.text))<br><a href=\"\(Self.escape(publicURL + $0.link))\">Open it in Wildcat</a></p>" }
        return """
            <!doctype html><html><body>\(items.joined())<hr><p style="font-size:small">\
            <a href="\(Self.escape(unsubscribeLink))">Stop all e-mail from Wildcat</a> · \
            <a href="\(Self.escape(publicURL + Paths.alerts))">Choose what you get</a></p></body></html>
            """
    }

    func message(messageID: String) -> MailMessage {
        MailMessage(from: from, to: to, subject: subject, plainText: plainText, html: html, messageID: messageID, publicURL: publicURL,
                    unsubscribe: unsubscribeLink, now: now)
    }

    static func escape(_ text: String) -> String { ScalarHTMLEscaping().escapeText(text) }
}
