/// Moves one of the assembly's demands on: adopts a drafted one, or records it won or lost.
public struct DecideDemand: EffectDefinition, Hashable, Codable {
    public var demand: ID<Demand>
    public var text: String
    public var status: Demand.Status

    /// Refused unless the status is one the demand can move to from where it stands.
    public init(demand: Demand, to status: Demand.Status) throws(InputError) {
        guard demand.status.next.contains(status) else {
            throw InputError(field: "status", "A demand that is \(demand.status.rawValue) cannot become \(status.rawValue).")
        }
        self.demand = demand.id
        self.text = demand.text
        self.status = status
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    public func summary(rules: AssemblyRules) -> EffectSummary { .decideDemand(text: text, status: status) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .demandDecided(text: text, status: status), steps: [.setDemand(demand, status)])
    }
}
