import Foundation

/// What kind of body an assembly record is. A committee (and, later, a council) is an assembly
/// whose members are delegates: it has channels, proposals and an audit log like any assembly,
/// but nobody joins it by invite, only by the decision of the assembly that sends them.
public enum AssemblyKind: String, Sendable, Hashable, Codable, CaseIterable {
    case assembly, committee
}

/// Why a committee exists and how it is held, as the assembly decided when it set it up.
public struct Charter: Sendable, Hashable, Codable {
    public static let seatsRange = 1...25
    public static let termDaysRange = 1...3650
    public static let mandateLength = 1...2000

    public var seats: Int
    /// How long a delegate's term runs; nil: until recalled.
    public var termDays: Int?
    /// The committee's remit, which every delegate carries as their mandate unless the assembly
    /// gives them another.
    public var mandate: String
    /// Whether only delegates read the committee's channel (otherwise every member of the
    /// assembly reads it; delegates alone write).
    public var channelPrivate: Bool

    public init(seats: Int, termDays: Int?, mandate: String, channelPrivate: Bool) {
        self.seats = seats
        self.termDays = termDays
        self.mandate = mandate
        self.channelPrivate = channelPrivate
    }

    func validated() throws(InputError) -> Charter {
        var charter = self
        guard Self.seatsRange.contains(seats) else {
            throw InputError(field: "effect.committee.seats", "A committee has \(Self.seatsRange.lowerBound) to \(Self.seatsRange.upperBound) seats.")
        }
        if let termDays, !Self.termDaysRange.contains(termDays) {
            throw InputError(field: "effect.committee.termDays", "A term is 1 to \(Self.termDaysRange.upperBound) days, or until recalled.")
        }
        charter.mandate = try MandateText.validate(mandate, field: "effect.committee.mandate")
        return charter
    }
}

/// The text of a mandate: what a delegate is sent to do. Line breaks allowed, no control or
/// direction-changing characters, at most 2,000 characters.
public enum MandateText {
    public static func validate(_ raw: String, field: String) throws(InputError) -> String {
        do throws(InputError) {
            let text = try MessageText(raw).value
            guard text.count <= Charter.mandateLength.upperBound, raw.unicodeScalars.count <= Charter.mandateLength.upperBound else {
                throw InputError(field: field, "A mandate is at most \(Charter.mandateLength.upperBound) characters long.")
            }
            return text
        } catch {
            throw InputError(field: field, error.message.replacingOccurrences(of: "A message", with: "A mandate"))
        }
    }
}
