/// What sends alerts, built once: push always; e-mail when a relay is configured.
struct AlertChannels: Sendable {
    let vapid: VapidKey
    let push: PushSender
    let mail: MailDelivery?
}
