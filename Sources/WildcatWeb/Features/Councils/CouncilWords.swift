import WildcatDomain

/// A council's charter in words.
enum CouncilWords {
    static func seats(_ seats: Int) -> String { seats == 1 ? "1 delegate from each assembly" : "\(seats) delegates from each assembly" }

    static func weighting(_ weighting: Charter.Weighting) -> String {
        switch weighting {
        case .perDelegate: return "one vote per delegate"
        case .byMembers: return "each delegate's vote carries the members of the assembly that sent them"
        }
    }

    static func ratification(_ rule: RatificationRule) -> String {
        "at least \(rule.assemblies) of the assemblies, representing at least \(rule.members) of their members"
    }
}
