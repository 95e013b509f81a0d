import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// An assembly's pledges: the list with a form for a new one, and each pledge's page.
struct PledgePages {
    let service: PledgesService
    var pages: Pages { service.environment.pages }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/pledges", use: listPage)
        routes.assembly(.post, "/pledges", use: create)
        routes.assembly(.get, "/pledges/{pledge}", use: pledgePage)
        routes.assembly(.post, "/pledges/{pledge}/pledge", use: pledge)
        routes.assembly(.post, "/pledges/{pledge}/withdraw", use: withdraw)
        return routes
    }

    @Sendable func listPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderList(context, form: nil, error: nil, status: .ok)
    }

    private func renderList(_ context: AssemblyContext, form: PledgeForm?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let seen = try await service.list(in: context.assembly, for: context.account)
        let view = PledgeListView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            action: Paths.pledges(context.assembly.id), error: error,
            pledges: seen.map { PledgeItem($0, in: context.assembly.id) }, hasPledges: !seen.isEmpty,
            text: form?.text ?? "", share: form?.share ?? "", count: form?.count ?? "", deadlineLocal: form?.deadlineLocal ?? "",
            utcOffsetMinutes: form?.utcOffsetMinutes ?? 0, pledgeToo: form.map { $0.pledgeToo == "true" } ?? true,
            textLimit: PledgeRequest.textLimit, live: try await live(context))
        return pages.render("pledges", view, status: status)
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(PledgeForm.self, from: request, context: context)
        do {
            let deadline = try Deadline(preset: .custom, localTime: form.deadlineLocal ?? "", utcOffsetMinutes: form.utcOffsetMinutes ?? 0)
                .resolve(now: service.now)
            let pledge = try await service.create(text: form.text ?? "", share: form.share, count: form.count, deadline: deadline,
                                                  pledgeToo: form.pledgeToo == "true", in: context.assembly, by: context.account)
            return seeOther(Paths.pledge(pledge.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await renderList(context, form: form, error: error.message.replacingOccurrences(of: "voting closes", with: "the pledge ends"),
                                        status: .unprocessableContent)
        }
    }

    @Sendable func pledgePage(_ request: Request, context: AssemblyContext) async throws -> Response {
        let seen = try await service.find(try Self.pledgeID(context), in: context.assembly, for: context.account)
        let item = PledgeItem(seen, in: context.assembly.id)
        let view = PledgeView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            listLink: Paths.pledges(context.assembly.id), pledge: item,
            pledgers: seen.pledgers ?? [], revealed: seen.pledgers != nil,
            proposeLink: seen.pledge.state == .reached && seen.mine
                ? Paths.newProposal(context.assembly.id, method: .yesno) + "&title=" + (seen.pledge.text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                : nil,
            live: try await live(context))
        return pages.render("pledge", view)
    }

    @Sendable func pledge(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.pledgeID(context)
        _ = try await service.pledge(id, in: context.assembly, by: context.account)
        return seeOther(Paths.pledge(id, in: context.assembly.id))
    }

    @Sendable func withdraw(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.pledgeID(context)
        _ = try await service.withdraw(id, in: context.assembly, by: context.account)
        return seeOther(Paths.pledge(id, in: context.assembly.id))
    }

    /// Counts and the reveal arrive live on the assembly's stream.
    private func live(_ context: AssemblyContext) async throws -> LiveAttributes {
        LiveAttributes(mode: "assembly", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                       assembly: context.assembly.id.rawValue, channel: "", root: "")
    }

    static func pledgeID(_ context: AssemblyContext) throws -> ID<Pledge> {
        guard let id = context.parameters.get("pledge"), id.count <= 64 else { throw Refusal.notFound }
        return ID(id)
    }
}

/// The form for a new pledge: the deadline on the reader's clock, as the proposal form's.
struct PledgeForm: Decodable, Sendable {
    let text: String?
    let share: String?
    let count: String?
    let deadlineLocal: String?
    let utcOffsetMinutes: Int?
    let pledgeToo: String?
}
