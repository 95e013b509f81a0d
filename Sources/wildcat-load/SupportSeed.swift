import ArgumentParser
import Foundation
import Logging
import WildcatDomain
import WildcatStore
import WildcatUnicode

/// A fresh database for the meetings, calendar and supporters benchmarks: one member in A
/// assemblies holding E meetings and called actions between them, and a published action with a
/// rota big enough for the sign-ups. Writes the calendar feed's and the public page's tokens.
struct SupportSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "support-seed",
                                                    abstract: "Seed a member in many assemblies with many events, and a published action (server stopped).")

    @Option(help: "The server's data folder (SQLite).") var data: String = "data"
    @Option(help: "Or a PostgreSQL URL.") var databaseURL: String?
    @Option(help: "Assemblies the member belongs to.") var assemblies: Int = 20
    @Option(help: "Meetings and called actions in all, shared among them.") var events: Int = 1000
    @Option(help: "Shifts of the published action (each needs 200 people).") var shifts: Int = 10
    @Option(help: "Where to write the tokens.") var out: String = "support-seed.json"

    struct Output: Codable {
        let calendar: String
        let page: String
    }

    func run() async throws {
        try await FreshStore.seed(data: data, databaseURL: databaseURL, pseudonym: "organizer") { store, member, now in
            var bodies: [Assembly] = []
            for i in 0..<assemblies {
                bodies.append(try await store.createAssembly(name: try AssemblyName("Workplace \(i + 1)"), founder: member.id, rules: .defaults, now: now))
            }
            let zones = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]
            let started = ContinuousClock.now
            for i in 0..<events {
                let body = bodies[i % bodies.count]
                // One a day per assembly, at 07:30 local, from tomorrow on.
                let day = now + TimeInterval(86400 * (1 + i / bodies.count))
                let local = ZonedTime(instant: day, zone: "UTC").localText.prefix(10) + "T07:30"
                let zone = zones[i % zones.count]
                if i % 2 == 0 {
                    let request = try MeetingRequest(title: "Meeting \(i)", startsLocal: String(local), timeZone: zone, lengthMinutes: 60,
                                                     place: "Café, back room", agendaText: "Overtime\nThe rota", assemblyMeeting: false, minutesBy: nil, now: now)
                    _ = try await store.createMeeting(request, in: body.id, by: member.id, now: now)
                } else {
                    let request = try ActionRequest(kind: "picket", title: "Picket \(i)", startsLocal: String(local), timeZone: zone, hours: 4,
                                                    place: "Gate 2", details: "", demands: [], among: [], now: now)
                    _ = try await store.createAction(request, in: body.id, by: member.id, called: true, now: now)
                }
            }
            // The action that goes viral.
            let local = ZonedTime(instant: now + 2 * 86400, zone: "UTC").localText.prefix(10) + "T06:00"
            let request = try ActionRequest(kind: "strike", title: "Strike at the depot", startsLocal: String(local), timeZone: "UTC", hours: 24,
                                            place: "Depot gates, Mill Road", details: "", demands: [], among: [], now: now)
            let strike = try await store.createAction(request, in: bodies[0].id, by: member.id, called: true, now: now)
            try await store.setPublicWords(of: strike.id, in: bodies[0].id, text: String(repeating: "We strike until Ines is rehired. ", count: 12),
                                           callNumber: "+44 20 7946 0000", callPoints: "Say you support the strikers.\nAsk that Ines be rehired.")
            for s in 0..<shifts {
                let start = ZonedTime(instant: strike.starts.instant + TimeInterval(s * 2 * 3600), zone: "UTC").localText
                _ = try await store.addShift(try ShiftRequest(role: "Picket, gate \(s + 1)", startsLocal: start, hours: 2, needed: 200, action: strike, now: now),
                                             to: strike.id, now: now)
            }
            try await store.decideDirectly(strike.id, .publish, in: bodies[0].id, now: now)
            let page = try await store.publicToken(of: strike.id) ?? ""
            let calendar = try await store.renewCalendarFeed(of: member.id, now: now)
            try JSONEncoder().encode(Output(calendar: calendar.value, page: page)).write(to: URL(fileURLWithPath: out))
            print("seeded 1 member in \(assemblies) assemblies with \(events) events and a public action with \(shifts) shifts in \(ContinuousClock.now - started); wrote \(out)")
        }
    }
}
