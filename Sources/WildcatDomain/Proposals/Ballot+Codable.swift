import Foundation

extension Ballot: Codable {
    private enum Key: String, CodingKey, CaseIterable { case choice, position, approve, scores, dots, ranking, slots }

    /// Exactly one key, naming the kind of ballot: anything else is malformed.
    public init(from decoder: any Decoder) throws {
        try OneKey.require(in: decoder, of: "a ballot", known: Key.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: Key.self)
        if let v = try c.decodeIfPresent(YesNoChoice.self, forKey: .choice) { self = .yesNo(v) }
        else if let v = try c.decodeIfPresent(ConsentPosition.self, forKey: .position) { self = .consent(v) }
        else if let v = try c.decodeIfPresent([String].self, forKey: .approve) { self = .approval(Set(v)) }
        else if let v = try c.decodeIfPresent([String: Int].self, forKey: .scores) { self = .score(v) }
        else if let v = try c.decodeIfPresent([String: Int].self, forKey: .dots) { self = .dots(v) }
        else if let v = try c.decodeIfPresent([String].self, forKey: .ranking) { self = .ranking(v) }
        else if let v = try c.decodeIfPresent([String: Availability].self, forKey: .slots) { self = .timePoll(v) }
        else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a ballot")) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .yesNo(let v): try c.encode(v, forKey: .choice)
        case .consent(let v): try c.encode(v, forKey: .position)
        case .approval(let v): try c.encode(v.sorted(), forKey: .approve)
        case .score(let v): try c.encode(v, forKey: .scores)
        case .dots(let v): try c.encode(v, forKey: .dots)
        case .ranking(let v): try c.encode(v, forKey: .ranking)
        case .timePoll(let v): try c.encode(v, forKey: .slots)
        }
    }
}

