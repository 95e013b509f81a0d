import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

private func assembly(_ store: Store, members count: Int) async throws -> (Assembly, [Account]) {
    let founder = try await newAccount(store, "Depot0")
    let assembly = try await store.createAssembly(name: try AssemblyName("Depot"), founder: founder.id, rules: .defaults, now: t0)
    var members = [founder]
    for i in 1..<count { members.append(try await newAccount(store, "Depot\(i)", into: assembly.id)) }
    return (assembly, members)
}

/// A called picket from 06:00 to 18:00 UTC on 2027-01-16, with a public page.
private func picket(_ store: Store, in assembly: Assembly, by member: Account, publish: Bool = true) async throws -> Action {
    let request = try ActionRequest(kind: "picket", title: "Picket", startsLocal: "2027-01-16T06:00", timeZone: "UTC", hours: 12, place: "Gates",
                                    details: "", demands: [], among: [], now: t0)
    let action = try await store.createAction(request, in: assembly.id, by: member.id, called: false, now: t0)
    try await store.setPublicWords(of: action.id, in: assembly.id, text: "Join the picket", callNumber: "", callPoints: "")
    try await store.write { tx in
        try await tx.decide(action.id, .call, in: assembly.id, now: t0)
        if publish { try await tx.decide(action.id, .publish, in: assembly.id, now: t0) }
    }
    return try #require(try await store.action(action.id, in: assembly.id))
}

private func shift(_ store: Store, _ action: Action, at local: String, hours: Int = 4, needed: Int) async throws -> Shift {
    try await store.addShift(try ShiftRequest(role: "Gate \(local.suffix(5))", startsLocal: local, hours: hours, needed: needed, action: action, now: t0),
                             to: action.id, now: t0)
}

private func taken(_ store: Store, _ shift: Shift) async throws -> Int {
    try await store.read { db in try await db.raw("SELECT taken FROM shifts WHERE id = \(bind: shift.id.rawValue)").first()!.int("taken") }
}

@Suite("Actions store", .serialized)
struct ActionStoreTests {
    @Test(arguments: Backend.available)
    func theLastPlaceOfAShiftGoesToExactlyOneOfManyAtOnce(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 8)
            let action = try await picket(store, in: depot, by: members[0])
            let gate = try await shift(store, action, at: "2027-01-16T06:00", needed: 3)
            let results = await withTaskGroup(of: Bool.self) { group in
                for member in members {
                    group.addTask { (try? await store.takeShift(gate.id, of: action.id, by: .member(member.id), now: t0)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 3)
            #expect(try await taken(store, gate) == 3)
            // A full shift says so.
            do {
                try await store.takeShift(gate.id, of: action.id, by: .member(members.last!.id), now: t0)
                let holders = try await store.shifts(of: action.id, viewer: nil)[0].members.count
                #expect(holders == 3)
            } catch let error as InputError {
                #expect(error.message.contains("full"))
            }
        }
    }

    @Test(arguments: Backend.available)
    func overlappingAndPassedShiftsAreRefusedAndNothingChanges(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 2)
            let action = try await picket(store, in: depot, by: members[0])
            let morning = try await shift(store, action, at: "2027-01-16T06:00", needed: 5)
            let overlap = try await shift(store, action, at: "2027-01-16T09:00", needed: 5)
            let afternoon = try await shift(store, action, at: "2027-01-16T10:00", needed: 5)
            let me = ShiftPerson.member(members[1].id)
            try await store.takeShift(morning.id, of: action.id, by: me, now: t0)
            // Taking the same shift twice counts once.
            try await store.takeShift(morning.id, of: action.id, by: me, now: t0)
            #expect(try await taken(store, morning) == 1)
            await #expect(throws: InputError.self) { try await store.takeShift(overlap.id, of: action.id, by: me, now: t0) }
            #expect(try await taken(store, overlap) == 0)
            try await store.takeShift(afternoon.id, of: action.id, by: me, now: t0)
            // After it began: neither taken nor given back.
            let begun = morning.startsAt
            await #expect(throws: InputError.self) { try await store.takeShift(overlap.id, of: action.id, by: .member(members[0].id), now: begun + 3 * 3600) }
            await #expect(throws: InputError.self) { try await store.leaveShift(morning.id, of: action.id, by: me, now: begun) }
            try await store.leaveShift(afternoon.id, of: action.id, by: me, now: t0)
            #expect(try await taken(store, afternoon) == 0)
            // A member who leaves frees their shifts.
            try await store.takeShift(afternoon.id, of: action.id, by: me, now: t0)
            try await store.leave(depot.id, accountID: members[1].id, now: t0)
            let freed = (try await taken(store, morning), try await taken(store, afternoon))
            #expect(freed == (0, 0))
            // A shift of another action is not reachable through this one.
            let other = try await picket(store, in: depot, by: members[0])
            await #expect(throws: Refusal.self) { try await store.takeShift(morning.id, of: other.id, by: .member(members[0].id), now: t0) }
        }
    }

    @Test(arguments: Backend.available)
    func aSupporterSignsUpForAllTheirShiftsOrNoneAndSeesOnlyThatAction(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 1)
            let action = try await picket(store, in: depot, by: members[0])
            let hidden = try await picket(store, in: depot, by: members[0], publish: false)
            let open = try await shift(store, action, at: "2027-01-16T06:00", needed: 2)
            let full = try await shift(store, action, at: "2027-01-16T12:00", needed: 1)
            let (first, firstSecret) = try await store.signUpSupporter(existing: nil, name: "Ana", contact: "", for: action.id, shifts: [full.id], now: t0)
            #expect(firstSecret != nil)
            // Ben asks for an open shift and the full one: refused whole, nothing kept.
            await #expect(throws: InputError.self) {
                _ = try await store.signUpSupporter(existing: nil, name: "Ben", contact: "", for: action.id, shifts: [open.id, full.id], now: t0)
            }
            #expect(try await taken(store, open) == 0)
            #expect(try await store.supporters(of: action.id).map(\.supporter.name) == ["Ana"])
            // A supporter cannot sign up for an action that is not public.
            await #expect(throws: Refusal.self) {
                _ = try await store.signUpSupporter(existing: first.id, name: "Ana", contact: "", for: hidden.id, shifts: [], now: t0)
            }
            #expect(try await store.actions(ofSupporter: first.id).map(\.0.id) == [action.id])
            let secret = try #require(firstSecret)
            #expect(try await store.supporter(token: secret.value)?.id == first.id)
            // Calls are counted for the assembly.
            try await store.reportCall(by: first.id, for: action.id, now: t0)
            #expect(try await store.supportCounts(of: action.id) == (1, 1))
            // Removed: the shift is free, the action gone from what Ana sees, and she cannot sign up again.
            try await store.removeSupporter(first.id, from: action.id, in: depot.id, now: t0)
            #expect(try await taken(store, full) == 0)
            #expect(try await store.actions(ofSupporter: first.id).isEmpty)
            await #expect(throws: Refusal.self) {
                _ = try await store.signUpSupporter(existing: first.id, name: "Ana", contact: "", for: action.id, shifts: [], now: t0)
            }
            #expect(try await store.supportCounts(of: action.id) == (0, 0))
        }
    }

    @Test(arguments: Backend.available)
    func aWithdrawnPageStaysDeadAndPublishingAgainGivesANewAddress(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 1)
            let action = try await picket(store, in: depot, by: members[0])
            let token = try #require(try await store.publicToken(of: action.id))
            #expect(try await store.publicAction(token: token)?.isPublic == true)
            try await store.withdrawPublicPage(action.id, in: depot.id, now: t0)
            #expect(try await store.publicAction(token: token)?.isPublic == false)
            await #expect(throws: InputError.self) { try await store.withdrawPublicPage(action.id, in: depot.id, now: t0) }
            await #expect(throws: Refusal.self) {
                _ = try await store.signUpSupporter(existing: nil, name: "Ana", contact: "", for: action.id, shifts: [], now: t0)
            }
            try await store.write { tx in try await tx.decide(action.id, .publish, in: depot.id, now: t0) }
            let renewed = try #require(try await store.publicToken(of: action.id))
            #expect(renewed != token)
            #expect(try await store.publicAction(token: token) == nil)
            #expect(try await store.publicAction(token: String(repeating: "A", count: 43)) == nil)
        }
    }

    @Test(arguments: Backend.available)
    func decisionsMoveDemandsAndActionsAndKeepTheirHistory(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 2)
            let demand = try await store.draftDemand("Rehire Ines", in: depot.id, now: t0)
            func pass(_ effect: Effect) async throws {
                let draft = try ProposalDraft.aboutRecord(title: "Decide", body: "", effect: effect, rules: depot.rules, closesAt: t0 + 3600, now: t0)
                let (proposal, _) = try await store.createProposal(in: depot, by: members[0], draft: draft, now: t0)
                for member in members { _ = try await store.castBallot(.yesNo(.yes), on: proposal.id, in: depot.id, by: member.id, now: t0 + 1) }
                _ = try await store.closeProposal(proposal.id, in: depot.id, now: t0 + 2)
            }
            try await pass(.decideDemand(try DecideDemand(demand: demand, to: .adopted)))
            let adopted = try #require(try await store.demand(demand.id, in: depot.id))
            #expect(adopted.status == .adopted && adopted.history.map(\.status) == [.drafted, .adopted] && adopted.history[1].proposal != nil)
            try await pass(.decideDemand(try DecideDemand(demand: adopted, to: .won)))
            #expect(try await store.demand(demand.id, in: depot.id)?.history.map(\.status) == [.drafted, .adopted, .won])
            // A decision made when the demand stood elsewhere changes nothing when it closes.
            try await pass(.decideDemand(try DecideDemand(demand: adopted, to: .lost)))
            #expect(try await store.demand(demand.id, in: depot.id)?.status == .won)

            let request = try ActionRequest(kind: "strike", title: "Strike", startsLocal: "2027-01-16T06:00", timeZone: "UTC", hours: 8, place: "Depot",
                                            details: "", demands: [demand.id], among: [demand.id], now: t0)
            let strike = try await store.createAction(request, in: depot.id, by: members[1].id, called: false, now: t0)
            #expect(try await store.demands(servedBy: strike.id).map(\.text) == ["Rehire Ines"])
            try await pass(.decideAction(try DecideAction(action: strike, what: .call)))
            let called = try #require(try await store.action(strike.id, in: depot.id))
            #expect(called.status == .called)
            try await pass(.decideAction(try DecideAction(action: called, what: .callOff)))
            #expect(try await store.action(strike.id, in: depot.id)?.status == .cancelled)
        }
    }

    @Test(arguments: Backend.available)
    func aShiftsMembersAreRemindedOnceAnHourBefore(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 3)
            let action = try await picket(store, in: depot, by: members[0])
            let gate = try await shift(store, action, at: "2027-01-16T06:00", needed: 3)
            for (i, member) in members.enumerated() {
                _ = try await store.savePushSubscription(for: member.id, endpoint: "https://push.example/\(i)", p256dh: "k", auth: "a", now: t0)
            }
            try await store.takeShift(gate.id, of: action.id, by: .member(members[1].id), now: t0)
            _ = try await store.signUpSupporter(existing: nil, name: "Ana", contact: "", for: action.id, shifts: [gate.id], now: t0)
            #expect(try await store.remindShifts(now: gate.startsAt - 3601, lead: 3600) == 0)
            #expect(try await store.remindShifts(now: gate.startsAt - 3600, lead: 3600) == 1)
            #expect(try await store.remindShifts(now: gate.startsAt - 60, lead: 3600) == 0)
            let queued = try await store.read { db in
                try await db.raw("SELECT account_id, link FROM alert_outbox WHERE kind = 'shiftSoon'").all().map { try $0.string("account_id") }
            }
            // The member who took it; the supporter has no alert channel.
            #expect(queued == [members[1].id.rawValue])
        }
    }
}
