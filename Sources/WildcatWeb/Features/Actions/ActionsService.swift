import Foundation
import WildcatDomain
import WildcatStore

/// Actions: drafted by members and called by the assembly's decision, or called at once by a
/// committee under its mandate; their rota, tasks, status board, check-ins and supporters.
struct ActionsService: Sendable {
    let environment: WebEnvironment
    var store: Store { environment.store }
    var now: Date { environment.clock.now() }

    /// Everything a member's page shows of one action.
    struct Seen: Sendable {
        let action: Action
        let demands: [Demand]
        let shifts: [ShiftSeen]
        let tasks: [TaskSeen]
        let board: [StatusLine]
        let checkIns: [String]
        let supporters: [SupporterSeen]
        let publicToken: String?
    }

    func find(_ id: ID<Action>, in assembly: Assembly) async throws -> Action {
        guard let action = try await store.action(id, in: assembly.id) else { throw Refusal.notFound }
        return action
    }

    func seen(_ id: ID<Action>, in assembly: Assembly, by member: Account) async throws -> Seen {
        let action = try await find(id, in: assembly)
        return Seen(action: action, demands: try await store.demands(servedBy: id), shifts: try await store.shifts(of: id, viewer: .member(member.id)),
                    tasks: try await store.tasks(of: id), board: try await store.statusBoard(of: id), checkIns: try await store.checkIns(of: id),
                    supporters: try await store.supporters(of: id), publicToken: action.isPublic ? try await store.publicToken(of: id) : nil)
    }

    /// In a committee an action is called at once: the committee acts under its mandate. In an
    /// assembly or a council it is a draft until their decision.
    func create(_ form: ActionForm, in assembly: Assembly, by member: Account) async throws -> Action {
        let adopted = Set(try await store.demands(in: assembly.id).filter { $0.status == .adopted }.map(\.id))
        let request = try ActionRequest(kind: form.kind ?? "", title: form.title ?? "", startsLocal: form.startsLocal ?? "", timeZone: form.timeZone ?? "",
                                        hours: form.hours ?? 0, place: form.place ?? "", details: form.details ?? "",
                                        demands: (form.demands ?? []).map(ID.init), among: adopted, now: now)
        return try await store.createAction(request, in: assembly.id, by: member.id, called: assembly.kind == .committee, now: now)
    }

    /// The proposal that decides it; nil in a committee, where it is done at once.
    func propose(_ what: String?, about id: ID<Action>, closes: String?, utcOffsetMinutes: Int?, in assembly: Assembly,
                 by member: Account) async throws -> Proposal? {
        let action = try await find(id, in: assembly)
        guard let what = what.flatMap(ActionDecision.init(rawValue:)) else {
            throw InputError(field: "to", "Say what the assembly decides: call the action, publish it, or call it off.")
        }
        let effect = try DecideAction(action: action, what: what)
        // A committee decides inside its mandate: the change is made at once.
        if assembly.kind == .committee {
            try await store.decideDirectly(id, what, in: assembly.id, now: now)
            return nil
        }
        let verb = switch what {
        case .call: "Call the action"
        case .publish: "Publish the action"
        case .callOff: "Call off the action"
        }
        let body = what == .publish ? "Supporters will read:\n\n\(action.publicText)" : action.details
        return try await RecordProposer(environment: environment).propose(
            title: "\(verb): \(action.title)", body: body, effect: .decideAction(effect), closes: closes, utcOffsetMinutes: utcOffsetMinutes,
            in: assembly, by: member)
    }

    func cancel(_ id: ID<Action>, in assembly: Assembly, by member: Account) async throws {
        try await store.cancelAction(id, in: assembly.id, by: member.id, inCommittee: assembly.kind == .committee, now: now)
    }

    func addShift(_ form: ShiftForm, to id: ID<Action>, in assembly: Assembly) async throws {
        let action = try await find(id, in: assembly)
        guard action.status != .cancelled else { throw InputError(field: "shift", "This action was cancelled.") }
        let request = try ShiftRequest(role: form.role ?? "", startsLocal: form.startsLocal ?? "", hours: form.hours ?? 0, needed: form.needed ?? 0,
                                       action: action, now: now)
        _ = try await store.addShift(request, to: id, now: now)
    }

    func setPublicWords(_ form: PublicWordsForm, of id: ID<Action>, in assembly: Assembly) async throws {
        let action = try await find(id, in: assembly)
        guard !action.isPublic else {
            throw InputError(field: "publicText", "The page is public: withdraw it first; publishing the new words is a new decision.")
        }
        let (text, number, points) = try ActionRequest.publicWords(text: form.publicText ?? "", callNumber: form.callNumber ?? "",
                                                                   callPoints: form.callPoints ?? "")
        try await store.setPublicWords(of: id, in: assembly.id, text: text, callNumber: number, callPoints: points)
    }
}
