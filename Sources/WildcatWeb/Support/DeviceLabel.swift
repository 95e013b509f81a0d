/// A coarse, human label for a device from its User-Agent ("Firefox on Android"); the full
/// User-Agent is not kept.
enum DeviceLabel {
    static func from(_ userAgent: String?) -> String {
        guard let ua = userAgent, !ua.isEmpty else { return "Unknown device" }
        let browsers = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl")]
        let systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        let browser = browsers.first { ua.contains($0.0) }?.1 ?? "Browser"
        guard let system = systems.first(where: { ua.contains($0.0) })?.1 else { return browser }
        return "\(browser) on \(system)"
    }
}
