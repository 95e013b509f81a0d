/// What an assembly decides about one of its actions.
public enum ActionDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// A drafted action is called: it goes on members' calendars and its rota opens.
    case call
    /// A called action gets a public page at an unguessable address, for supporters.
    case publish
    /// A called action is called off (its public page goes with it).
    case callOff
}

/// Calls, publishes or calls off one of the assembly's actions.
public struct DecideAction: EffectDefinition, Hashable, Codable {
    public var action: ID<Action>
    public var title: String
    public var what: ActionDecision

    /// Refused when the action is not where the decision could apply.
    public init(action: Action, what: ActionDecision) throws(InputError) {
        switch what {
        case .call:
            guard action.status == .drafted else { throw InputError(field: "what", "Only a drafted action is called.") }
        case .publish:
            if let refusal = action.publishRefusal { throw refusal }
        case .callOff:
            guard action.status == .called else { throw InputError(field: "what", "Only a called action is called off.") }
        }
        self.action = action.id
        self.title = action.title
        self.what = what
    }

    public static func accepts(_ method: DecisionMethod) -> Bool { method == .yesno || method == .consent }

    public func summary(rules: AssemblyRules) -> EffectSummary { .decideAction(title: title, what) }

    public func resolve(_ closing: EffectClosing) -> EffectResolution {
        guard closing.outcome == .passed else { return .nothing }
        return EffectResolution(outcome: .actionDecided(title: title, what), steps: [.decideAction(action, what)])
    }
}
