import WildcatDomain

/// A demand with its history and the decisions it can still take.
struct DemandItem: Sendable {
    struct Step: Sendable {
        let status: String
        let at: TimeView
        let proposalLink: String?
    }

    struct Next: Sendable {
        let value: String
        let label: String
    }

    let id: String
    let text: String
    let status: String
    let history: [Step]
    let next: [Next]
    let hasNext: Bool
    let proposeAction: String

    init(_ demand: Demand, proposeAction: String) {
        id = demand.id.rawValue
        text = demand.text
        status = demand.status.rawValue
        history = demand.history.map { change in
            Step(status: change.status.rawValue, at: TimeView(change.at), proposalLink: change.proposal.map { Paths.proposal($0, in: demand.assemblyID) })
        }
        next = demand.status.next.map { Next(value: $0.rawValue, label: $0 == .adopted ? "adopt it" : "record it \($0.rawValue)") }
        hasNext = !next.isEmpty
        self.proposeAction = proposeAction
    }
}

struct DemandListView: Sendable {
    let chrome: PageChrome
    let assemblyName: String
    let assemblyLink: String
    let action: String
    let error: String?
    let text: String
    let textLimit: Int
    let demands: [DemandItem]
    let hasDemands: Bool
    let canDecide: Bool
}
