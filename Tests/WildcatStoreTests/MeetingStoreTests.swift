import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15T08:00:00Z

private func assembly(_ store: Store, members count: Int, name: String = "Depot", founder given: Account? = nil) async throws -> (Assembly, [Account]) {
    let founder = if let given { given } else { try await newAccount(store, "\(name)0") }
    let assembly = try await store.createAssembly(name: try AssemblyName(name), founder: founder.id, rules: .defaults, now: t0)
    var members = [founder]
    for i in 1..<count { members.append(try await newAccount(store, "\(name)\(i)", into: assembly.id)) }
    return (assembly, members)
}

private func meeting(_ store: Store, in assembly: Assembly, by member: Account, at local: String = "2027-01-20T07:30", minutesBy: ID<Account>? = nil,
                     zone: String = "Europe/Berlin") async throws -> Meeting {
    let request = try MeetingRequest(title: "Before work", startsLocal: local, timeZone: zone, lengthMinutes: 60, place: "Café Rosa",
                                     agendaText: "Overtime", assemblyMeeting: false, minutesBy: minutesBy, now: t0)
    return try await store.createMeeting(request, in: assembly.id, by: member.id, now: t0)
}

@Suite("Meetings store", .serialized)
struct MeetingStoreTests {
    @Test(arguments: Backend.available)
    func answersCountOncePerMemberAndAreRefusedOnceCancelled(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 3)
            let made = try await meeting(store, in: depot, by: members[0])
            #expect(made.starts.zone == "Europe/Berlin" && made.agenda.map(\.text) == ["Overtime"])
            try await store.answer(made.id, in: depot.id, by: members[0].id, .yes, now: t0)
            try await store.answer(made.id, in: depot.id, by: members[1].id, .maybe, now: t0)
            // A second answer replaces the first.
            try await store.answer(made.id, in: depot.id, by: members[1].id, .yes, now: t0 + 1)
            try await store.answer(made.id, in: depot.id, by: members[2].id, .no, now: t0 + 1)
            let seen = try #require(try await store.meetingSeen(made.id, in: depot.id, by: members[1].id))
            #expect(seen.counts == RSVPCount(yes: 2, maybe: 0, no: 1) && seen.mine == .yes)
            #expect(seen.names[.yes]?.count == 2)
            // Only its caller cancels it; then nobody answers.
            await #expect(throws: InputError.self) { try await store.cancelMeeting(made.id, in: depot.id, by: members[1].id, now: t0 + 2) }
            try await store.cancelMeeting(made.id, in: depot.id, by: members[0].id, now: t0 + 2)
            do {
                try await store.answer(made.id, in: depot.id, by: members[2].id, .yes, now: t0 + 3)
                Issue.record("an answer to a cancelled meeting was taken")
            } catch let error as InputError {
                #expect(error.message.contains("cancelled"))
            }
            let after = try #require(try await store.meetingSeen(made.id, in: depot.id, by: members[2].id))
            #expect(after.mine == .no && after.meeting.cancelledAt != nil)
        }
    }

    @Test(arguments: Backend.available)
    func minutesAreWrittenByTheNamedMemberOnceItBegan(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 2)
            let made = try await meeting(store, in: depot, by: members[0], minutesBy: members[1].id)
            let begins = made.starts.instant
            await #expect(throws: InputError.self) { try await store.writeMinutes(made.id, in: depot.id, by: members[1].id, text: "x", now: begins - 1) }
            await #expect(throws: InputError.self) { try await store.writeMinutes(made.id, in: depot.id, by: members[0].id, text: "x", now: begins) }
            try await store.writeMinutes(made.id, in: depot.id, by: members[1].id, text: "We agreed to refuse overtime.", now: begins)
            #expect(try await store.meeting(made.id, in: depot.id)?.minutes == "We agreed to refuse overtime.")
            // Someone outside the assembly cannot be named to write them.
            let (_, others) = try await assembly(store, members: 2, name: "Bakery", founder: members[0])
            let stranger = others[1]
            let request = try MeetingRequest(title: "x", startsLocal: "2027-01-21T07:30", timeZone: "UTC", lengthMinutes: 60, place: "p", agendaText: "",
                                             assemblyMeeting: false, minutesBy: stranger.id, now: t0)
            await #expect(throws: InputError.self) { try await store.createMeeting(request, in: depot.id, by: members[0].id, now: t0) }
            #expect(try await store.meetings(in: depot.id, now: t0).coming.count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func aCalendarFeedHoldsEveryAssemblysMeetingsAndCalledActionsAndDiesWhenRevoked(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 2)
            let (bakery, bakers) = try await assembly(store, members: 1, name: "Bakery", founder: members[0])
            try await store.write { tx in try await tx.addMember(assemblyID: bakery.id, accountID: members[1].id, invitedBy: nil, now: t0) }
            _ = try await meeting(store, in: depot, by: members[0])
            _ = try await meeting(store, in: bakery, by: bakers[0], at: "2027-01-22T18:00")
            let (_, outsiders) = try await assembly(store, members: 2, name: "Outside", founder: members[0])
            let strike = try ActionRequest(kind: "strike", title: "Strike", startsLocal: "2027-01-25T06:00", timeZone: "UTC", hours: 8, place: "Depot",
                                           details: "", demands: [], among: [], now: t0)
            let drafted = try await store.createAction(strike, in: depot.id, by: members[0].id, called: false, now: t0)
            let token = try await store.renewCalendarFeed(of: members[1].id, now: t0)
            #expect(try await store.calendarFeedOwner(token: token.value) == members[1].id)
            var entries = try await store.calendar(of: members[1].id, since: t0)
            // Drafted actions are not on calendars.
            #expect(entries.map(\.title) == ["Before work", "Before work"] && Set(entries.map(\.assemblyName)) == ["Depot", "Bakery"])
            try await store.write { tx in try await tx.decide(drafted.id, .call, in: depot.id, now: t0) }
            entries = try await store.calendar(of: members[1].id, since: t0)
            #expect(entries.map(\.title) == ["Before work", "Before work", "Strike"])
            // Someone in neither assembly sees none of it.
            #expect(try await store.calendar(of: outsiders[1].id, since: t0).isEmpty)
            // Renewing kills the old address; revoking kills all.
            let renewed = try await store.renewCalendarFeed(of: members[1].id, now: t0)
            #expect(try await store.calendarFeedOwner(token: token.value) == nil)
            #expect(try await store.calendarFeedOwner(token: renewed.value) == members[1].id)
            try await store.revokeCalendarFeed(of: members[1].id)
            #expect(try await store.calendarFeedOwner(token: renewed.value) == nil)
            #expect(try await store.calendarFeedOwner(token: "not a token") == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aReminderGoesOnceAnHourBeforeToThoseComingOnly(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 3)
            let made = try await meeting(store, in: depot, by: members[0])
            // Reminders come at the default level (urgent only), to each device.
            for (i, member) in members.enumerated() {
                _ = try await store.savePushSubscription(for: member.id, endpoint: "https://push.example/\(i)", p256dh: "k", auth: "a", now: t0)
            }
            try await store.answer(made.id, in: depot.id, by: members[0].id, .yes, now: t0)
            try await store.answer(made.id, in: depot.id, by: members[1].id, .no, now: t0)
            let begins = made.starts.instant
            #expect(try await store.remindMeetings(now: begins - 3601, lead: 3600) == 0)
            #expect(try await store.remindMeetings(now: begins - 3600, lead: 3600) == 1)
            #expect(try await store.remindMeetings(now: begins - 3000, lead: 3600) == 0)
            let queued = try await store.read { db in
                try await db.raw("SELECT account_id FROM alert_outbox WHERE kind = 'meetingSoon'").all().map { try $0.string("account_id") }
            }
            #expect(queued == [members[0].id.rawValue])
        }
    }
}
