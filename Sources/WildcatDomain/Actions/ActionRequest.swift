import Foundation

/// A new action, checked; and what its public page says.
public struct ActionRequest: Sendable, Hashable {
    public static let titleLength = 1...200
    public static let placeLength = 1...500
    public static let detailsLimit = 5000
    public static let hoursRange = 1...(24 * 14)
    public static let publicTextLimit = 3000
    public static let callNumberLength = 0...40
    public static let demandsLimit = 20

    public let kind: Action.Kind
    public let title: String
    public let starts: ZonedTime
    public let endsAt: Date
    public let place: String
    public let details: String
    public let demands: [ID<Demand>]

    public init(kind: String, title: String, startsLocal: String, timeZone: String, hours: Int, place: String, details: String,
                demands: [ID<Demand>], among adopted: Set<ID<Demand>>, now: Date) throws(InputError) {
        guard let kind = Action.Kind(rawValue: kind) else {
            throw InputError(field: "kind", "Choose the kind of action: strike, walkout, picket, slowdown, mass call or other.")
        }
        self.kind = kind
        self.title = try FreeText.validate(title, field: "title", noun: "The action's title", length: Self.titleLength)
        self.starts = try ZonedTime(local: startsLocal, zone: timeZone, field: "startsLocal")
        guard starts.instant > now else { throw InputError(field: "startsLocal", "That time has passed. Give a time still to come.") }
        guard Self.hoursRange.contains(hours) else { throw InputError(field: "hours", "An action lasts 1 hour to 14 days (336 hours).") }
        self.endsAt = starts.instant + TimeInterval(hours * 3600)
        self.place = try FreeText.validate(place, field: "place", noun: "The place", length: Self.placeLength)
        self.details = try LongText.validate(details, field: "details", noun: "The details", length: 0...Self.detailsLimit)
        guard demands.count <= Self.demandsLimit, Set(demands).isSubset(of: adopted) else {
            throw InputError(field: "demands", "An action serves demands the assembly has adopted (up to \(Self.demandsLimit)).")
        }
        self.demands = Array(Set(demands)).sorted { $0.rawValue < $1.rawValue }
    }

    /// The public page's words: what supporters read, the number to call, and talking points.
    public static func publicWords(text: String, callNumber: String, callPoints: String) throws(InputError) -> (String, String, String) {
        let text = try LongText.validate(text, field: "publicText", noun: "What supporters read", length: 0...publicTextLimit)
        let number = callNumber.trimmingWhitespace()
        guard Self.callNumberLength.contains(number.count),
              number.unicodeScalars.allSatisfy({ "0123456789 +-().".unicodeScalars.contains($0) }) else {
            throw InputError(field: "callNumber", "A phone number is digits, spaces, + - ( ) and dots, at most 40 of them.")
        }
        let points = try LongText.validate(callPoints, field: "callPoints", noun: "The talking points", length: 0...publicTextLimit)
        return (text, number, points)
    }
}
