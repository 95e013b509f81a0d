import Foundation

/// What kind of body an assembly record is. A committee or a council is an assembly whose
/// members are delegates: it has channels, proposals and an audit log like any assembly, but
/// nobody joins it by invite, only by the decision of the assembly that sends them. A committee
/// belongs to one assembly; a council unites several (or other councils), each sending its own.
public enum AssemblyKind: String, Sendable, Hashable, Codable, CaseIterable {
    case assembly, committee, council
}

/// Why a committee or council exists and how it is held, as decided when it was set up.
public struct Charter: Sendable, Hashable, Codable {
    public static let seatsRange = 1...25
    public static let termDaysRange = 1...3650
    public static let mandateLength = 1...2000
    public static let maxTermsRange = 1...20

    /// How a council's delegates' votes count.
    public enum Weighting: String, Sendable, Hashable, Codable, CaseIterable {
        /// One vote per delegate.
        case perDelegate
        /// Each delegate carries the members of the assembly that sent them, shared among its delegates.
        case byMembers
    }

    /// A committee's seats; for a council, the delegates each member assembly sends.
    public var seats: Int
    /// How long a delegate's term runs; nil: until recalled.
    public var termDays: Int?
    /// The committee's remit, which every delegate carries as their mandate unless the assembly
    /// gives them another.
    public var mandate: String
    /// Whether only delegates read the committee's channel (otherwise every member of the
    /// assembly reads it; delegates alone write).
    public var channelPrivate: Bool
    /// Rotation: how many times one member may be elected to a seat here; nil: no limit.
    public var maxTerms: Int?
    /// A council's: how votes count, and what ratifies a decision sent to its assemblies.
    public var weighting: Weighting?
    public var ratification: RatificationRule?

    public init(seats: Int, termDays: Int?, mandate: String, channelPrivate: Bool, weighting: Weighting? = nil,
                ratification: RatificationRule? = nil, maxTerms: Int? = nil) {
        self.maxTerms = maxTerms
        self.seats = seats
        self.termDays = termDays
        self.mandate = mandate
        self.channelPrivate = channelPrivate
        self.weighting = weighting
        self.ratification = ratification
    }

    func validated() throws(InputError) -> Charter {
        var charter = self
        guard Self.seatsRange.contains(seats) else {
            throw InputError(field: "effect.committee.seats", "A committee has \(Self.seatsRange.lowerBound) to \(Self.seatsRange.upperBound) seats.")
        }
        if let termDays, !Self.termDaysRange.contains(termDays) {
            throw InputError(field: "effect.committee.termDays", "A term is 1 to \(Self.termDaysRange.upperBound) days, or until recalled.")
        }
        if let maxTerms, !Self.maxTermsRange.contains(maxTerms) {
            throw InputError(field: "effect.committee.maxTerms", "A member may serve 1 to \(Self.maxTermsRange.upperBound) terms, or without limit.")
        }
        charter.mandate = try MandateText.validate(mandate, field: "effect.committee.mandate")
        if let ratification {
            for (share, field) in [(ratification.assemblies, "assemblies"), (ratification.members, "members")] {
                guard share.numerator > 0, share.numerator <= share.denominator else {
                    throw InputError(field: "effect.council.ratification.\(field)", "A ratification threshold is more than 0 and at most all.")
                }
            }
        }
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
