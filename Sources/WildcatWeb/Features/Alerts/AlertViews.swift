import WildcatDomain

struct AlertsView: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct AssemblyItem: Sendable {
        let id: String
        let name: String
        let push: [Option]
        let email: [Option]
    }

    let chrome: PageChrome
    let notice: String?
    let error: String?
    let vapidKey: String
    let devices: Int
    let hasDevices: Bool
    let devicesText: String
    let mailEnabled: Bool
    let email: String?
    let emailConfirmed: Bool
    let assemblies: [AssemblyItem]
    let quietStart: String
    let quietEnd: String
    let offsets: [Option]
    let urgentBreaksQuiet: Bool
    let digests: [Option]

    static func options(selected: AlertLevel) -> [Option] {
        AlertLevel.allCases.map { level in
            let label = switch level {
            case .everything: "Everything"
            case .urgent: "Urgent only"
            case .nothing: "Nothing"
            }
            return Option(value: level.rawValue, label: label, selected: level == selected)
        }
    }

    static func digestLabel(_ digest: DigestFrequency) -> String {
        switch digest {
        case .none: return "Each as it happens"
        case .daily: return "A daily digest (07:00)"
        case .weekly: return "A weekly digest (Monday 07:00)"
        }
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// UTC−12:00 to UTC+14:00 by quarter hours that exist somewhere (every half hour, and :45).
    static func offsets(selected: Int) -> [Option] {
        stride(from: -12 * 60, through: 14 * 60, by: 15).filter { $0 % 30 == 0 || abs($0) % 60 == 45 }.map { offset in
            let sign = offset < 0 ? "−" : "+"
            return Option(value: String(offset), label: "UTC\(sign)\(clock(abs(offset)))", selected: offset == selected)
        }
    }
}

struct AlertLinkView: Sendable {
    let chrome: PageChrome
    let heading: String
    let message: String
    let action: String
    let button: String
}
