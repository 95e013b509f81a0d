import Foundation
import Hummingbird
import WildcatDomain
import WildcatStore

/// An assembly's actions: the list with a form, and each action's page with its rota, tasks,
/// status board, check-ins, public page and supporters.
struct ActionPages {
    let service: ActionsService
    var pages: Pages { service.environment.pages }
    var store: Store { service.store }

    var endpoints: Endpoints {
        var routes = Endpoints()
        routes.assembly(.get, "/actions", use: listPage)
        routes.assembly(.post, "/actions", use: create)
        routes.assembly(.get, "/actions/{action}", use: actionPage)
        routes.assembly(.post, "/actions/{action}/propose", use: propose)
        routes.assembly(.post, "/actions/{action}/cancel", use: cancel)
        routes.assembly(.post, "/actions/{action}/shifts", use: addShift)
        routes.assembly(.post, "/actions/{action}/shifts/{shift}/take", use: takeShift)
        routes.assembly(.post, "/actions/{action}/shifts/{shift}/leave", use: leaveShift)
        routes.assembly(.post, "/actions/{action}/tasks", use: addTask)
        routes.assembly(.post, "/actions/{action}/tasks/{task}/take", use: takeTask)
        routes.assembly(.post, "/actions/{action}/tasks/{task}/done", use: finishTask)
        routes.assembly(.post, "/actions/{action}/board", use: postStatus)
        routes.assembly(.post, "/actions/{action}/check-in", use: checkIn)
        routes.assembly(.post, "/actions/{action}/public", use: publicWords)
        routes.assembly(.post, "/actions/{action}/withdraw", use: withdraw)
        routes.assembly(.post, "/actions/{action}/supporters/{supporter}/remove", use: removeSupporter)
        return routes
    }

    @Sendable func listPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await renderList(context, form: ActionForm(), error: nil, status: .ok)
    }

    private func renderList(_ context: AssemblyContext, form: ActionForm, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let actions = try await store.actions(in: context.assembly.id)
        let adopted = try await store.demands(in: context.assembly.id).filter { $0.status == .adopted }
        let view = ActionListView(
            chrome: PageChrome(context), assemblyName: context.assembly.name, assemblyLink: Paths.assembly(context.assembly.id),
            demandsLink: Paths.demands(context.assembly.id), action: Paths.actions(context.assembly.id), error: error,
            actions: actions.map(ActionItem.init), hasActions: !actions.isEmpty, canDraft: context.access == .member,
            inCommittee: context.assembly.kind == .committee,
            form: ActionFormView(form, adopted: adopted, zone: form.timeZone ?? actions.first?.starts.zone ?? "UTC"))
        return pages.render("actions", view, status: status)
    }

    @Sendable func create(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(ActionForm.self, from: request, context: context)
        do {
            let action = try await service.create(form, in: context.assembly, by: context.account)
            return seeOther(Paths.action(action.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await renderList(context, form: form, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func actionPage(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await render(context, id: try Self.actionID(context), error: nil, status: .ok)
    }

    private func render(_ context: AssemblyContext, id: ID<Action>, error: String?, status: HTTPResponse.Status,
                        shiftForm: ShiftForm? = nil, words: PublicWordsForm? = nil) async throws -> Response {
        let seen = try await service.seen(id, in: context.assembly, by: context.account)
        let live = LiveAttributes(mode: "assembly", me: context.account.id.rawValue, after: try await service.environment.liveCursor(),
                                  assembly: context.assembly.id.rawValue, channel: "", root: "")
        let view = ActionView(seen, context: context, now: service.now, publicURL: service.environment.configuration.publicURL, error: error,
                              shiftForm: shiftForm, words: words, live: live)
        return pages.render("action", view, status: status)
    }

    /// Runs a change and comes back to the action's page: with the reason, if it was refused.
    private func act(_ context: AssemblyContext, anchor: String = "", _ change: (ID<Action>) async throws -> Void) async throws -> Response {
        let id = try Self.actionID(context)
        do {
            try await change(id)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent)
        }
        return seeOther(Paths.action(id, in: context.assembly.id) + anchor)
    }

    @Sendable func propose(_ request: Request, context: AssemblyContext) async throws -> Response {
        let id = try Self.actionID(context)
        let form = try await FormDecoding.decode(RecordProposalForm.self, from: request, context: context)
        do {
            guard let proposal = try await service.propose(form.to, about: id, closes: form.closes, utcOffsetMinutes: form.utcOffsetMinutes,
                                                           in: context.assembly, by: context.account) else {
                return seeOther(Paths.action(id, in: context.assembly.id))
            }
            return seeOther(Paths.proposal(proposal.id, in: context.assembly.id))
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent)
        }
    }

    @Sendable func cancel(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await act(context) { try await service.cancel($0, in: context.assembly, by: context.account) }
    }

    @Sendable func addShift(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(ShiftForm.self, from: request, context: context)
        let id = try Self.actionID(context)
        do {
            try await service.addShift(form, to: id, in: context.assembly)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent, shiftForm: form)
        }
        return seeOther(Paths.action(id, in: context.assembly.id) + "#rota")
    }

    @Sendable func takeShift(_ request: Request, context: AssemblyContext) async throws -> Response {
        let shift = try Self.part("shift", context)
        return try await act(context, anchor: "#rota") { id in
            _ = try await service.find(id, in: context.assembly)
            try await store.takeShift(ID(shift), of: id, by: .member(context.account.id), now: service.now)
        }
    }

    @Sendable func leaveShift(_ request: Request, context: AssemblyContext) async throws -> Response {
        let shift = try Self.part("shift", context)
        return try await act(context, anchor: "#rota") { id in
            _ = try await service.find(id, in: context.assembly)
            try await store.leaveShift(ID(shift), of: id, by: .member(context.account.id), now: service.now)
        }
    }

    @Sendable func addTask(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(TextForm.self, from: request, context: context)
        return try await act(context, anchor: "#tasks") { id in
            _ = try await service.find(id, in: context.assembly)
            let text = try ActionTask.text(form.text ?? "")
            try await store.addTask(text, to: id, now: service.now)
        }
    }

    @Sendable func takeTask(_ request: Request, context: AssemblyContext) async throws -> Response {
        let task = try Self.part("task", context)
        return try await act(context, anchor: "#tasks") { id in
            _ = try await service.find(id, in: context.assembly)
            try await store.takeTask(ID(task), of: id, by: context.account.id, now: service.now)
        }
    }

    @Sendable func finishTask(_ request: Request, context: AssemblyContext) async throws -> Response {
        let task = try Self.part("task", context)
        return try await act(context, anchor: "#tasks") { id in
            _ = try await service.find(id, in: context.assembly)
            try await store.finishTask(ID(task), of: id, by: context.account.id, now: service.now)
        }
    }

    @Sendable func postStatus(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(TextForm.self, from: request, context: context)
        return try await act(context, anchor: "#board") { id in
            _ = try await service.find(id, in: context.assembly)
            try await store.postStatus(try StatusNote.text(form.text ?? ""), on: id, by: context.account.id, now: service.now)
        }
    }

    @Sendable func checkIn(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await act(context, anchor: "#board") { id in
            let action = try await service.find(id, in: context.assembly)
            guard action.status == .called else { throw InputError(field: "action", "Check in to a called action, not a draft or a cancelled one.") }
            try await store.checkIn(to: id, by: context.account.id, now: service.now)
        }
    }

    @Sendable func publicWords(_ request: Request, context: AssemblyContext) async throws -> Response {
        let form = try await FormDecoding.decode(PublicWordsForm.self, from: request, context: context)
        let id = try Self.actionID(context)
        do {
            try await service.setPublicWords(form, of: id, in: context.assembly)
        } catch let error as InputError {
            return try await render(context, id: id, error: error.message, status: .unprocessableContent, words: form)
        }
        return seeOther(Paths.action(id, in: context.assembly.id) + "#public")
    }

    @Sendable func withdraw(_ request: Request, context: AssemblyContext) async throws -> Response {
        try await act(context, anchor: "#public") { id in
            let token = try await store.publicToken(of: id)
            try await store.withdrawPublicPage(id, in: context.assembly.id, now: service.now)
            if let token { service.environment.publicPages.drop(token) }
        }
    }

    @Sendable func removeSupporter(_ request: Request, context: AssemblyContext) async throws -> Response {
        let supporter = try Self.part("supporter", context)
        return try await act(context, anchor: "#supporters") { try await store.removeSupporter(ID(supporter), from: $0, in: context.assembly.id, now: service.now) }
    }

    static func actionID(_ context: AssemblyContext) throws -> ID<Action> { ID(try part("action", context)) }

    static func part(_ name: String, _ context: AssemblyContext) throws -> String {
        guard let value = context.parameters.get(name), value.count <= 64 else { throw Refusal.notFound }
        return value
    }
}

struct ActionForm: Decodable, Sendable {
    var kind: String?
    var title: String?
    var startsLocal: String?
    var timeZone: String?
    var hours: Int?
    var place: String?
    var details: String?
    var demands: [String]?

    init() {}
}

struct ShiftForm: Decodable, Sendable {
    let role: String?
    let startsLocal: String?
    let hours: Int?
    let needed: Int?
}

struct PublicWordsForm: Decodable, Sendable {
    let publicText: String?
    let callNumber: String?
    let callPoints: String?
}

struct TextForm: Decodable, Sendable {
    let text: String?
}
