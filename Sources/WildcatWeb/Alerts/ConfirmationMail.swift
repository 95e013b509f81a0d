import Foundation

/// The one message sent to an address before it is confirmed: the link that confirms it.
struct ConfirmationMail {
    let from: String
    let to: String
    let link: String
    let now: Date

    func rendered() -> String {
        let text = """
            Someone gave this address to a Wildcat server to receive alerts from their assemblies.
            If it was you, confirm it here: \(link)
            If not, ignore this message: nothing more will be sent.
            """
        let html = "<!doctype html><html><body><p>Someone gave this address to a Wildcat server to receive alerts.</p><p><a href=\"\(AlertMail.escape(link))\">Confirm it</a> if it was you; otherwise ignore this message.</p></body></html>"
        return MailMessage(from: from, to: to, subject: "Confirm your address for Wildcat alerts", plainText: text, html: html,
                           messageID: UUID().uuidString, publicURL: link, unsubscribe: nil, now: now).rendered()
    }
}
