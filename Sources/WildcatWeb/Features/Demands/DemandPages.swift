import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// The assembly's demands: drafted by any member; adopted, won or lost by its decisions.
struct DemandPages {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/demands", use: listPage)
        routes.assembly(.post, "/demands", use: draft)
        routes.assembly(.post, "/demands/{demand}/propose", use: propose)
        return routes
    }

    @Sendable func listPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await render(context, text: "", error: nil, status: .ok)
    }

    private func render(_ context: AssemblyContext, text: String, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let demands = try await store.demands(in: context.assembly.id)
        let view = DemandListView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            action: Paths.demands(context.assembly.id), error: error, text: text, textLimit: Demand.textLength.upperBound,
            demands: demands.map { DemandItem($0, proposeAction: Paths.demand($0.id, in: context.assembly.id) + "/propose") },
            hasDemands: !demands.isEmpty, canDecide: context.access == .member && context.assembly.kind != .committee)
        return environment.pages.render("demands", view, status: status)
    }

    @Sendable func draft(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(DemandForm.self, from: request, context: context)
        do {
            _ = try await store.draftDemand(try Demand.text(form.text ?? ""), in: context.assembly.id, now: now)
        } catch let error as InputError {
            return try await render(context, text: form.text ?? "", error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.demands(context.assembly.id))
    }

    @Sendable func propose(_ request: Request, context: AssemblyContext) async throws -> Response {
        guard let id = context.parameters.get("demand"), id.count <= 64, let demand = try await store.demand(ID(id), in: context.assembly.id) else {
            throw Refusal.notFound
        }
        let form = try await FormDecoding.decode(RecordProposalForm.self, from: request, context: context)
        do {
            guard let status = form.to.flatMap(Demand.Status.init(rawValue:)) else {
                throw InputError(field: "to", "Say what the assembly decides: adopted, won or lost.")
            }
            let effect = try DecideDemand(demand: demand, to: status)
            let title = status == .adopted ? "Adopt the demand: \(demand.text)" : "Record the demand as \(status.rawValue): \(demand.text)"
            let proposal = try await RecordProposer(environment: environment).propose(
                title: title, body: "", effect: .decideDemand(effect), closes: form.closes, utcOffsetMinutes: form.utcOffsetMinutes,
                in: context.assembly, by: context.account)
            return seeOther(Paths.proposal(proposal.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await render(context, text: "", error: error.message, status: .unprocessableContent)
        }
    }
}

struct DemandForm: Decodable, Sendable {
    let text: String?
}
