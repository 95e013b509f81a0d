import Foundation
import SQLKit
import Testing
import WildcatDomain
@testable import WildcatStore

private let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// An assembly of `count` members (the first founded it).
private func assembly(_ store: Store, members count: Int) async throws -> (Assembly, [Account]) {
    let founder = try await newAccount(store, "M0")
    let assembly = try await store.createAssembly(name: try AssemblyName("Depot"), founder: founder.id, rules: .defaults, now: t0)
    var members = [founder]
    for i in 1..<count { members.append(try await newAccount(store, "M\(i)", into: assembly.id)) }
    return (assembly, members)
}

private func reveals(_ store: Store, _ pledge: ID<Pledge>) async throws -> Int {
    try await store.read { db in
        try await db.raw("SELECT COUNT(*) AS n FROM events WHERE kind = 'pledgeReached' AND payload LIKE \(bind: "%\(pledge.rawValue)%")").first()?.int("n") ?? 0
    }
}

@Suite("Pledges store", .serialized)
struct PledgeStoreTests {
    @Test(arguments: Backend.available)
    func aPledgeCountsOnceRevealsOnceAtTheExactThresholdAndThenHoldsStill(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 10)
            let request = try PledgeRequest(text: "Walk out Friday", share: "70", count: nil, deadline: t0 + 86400, now: t0)
            let pledge = try await store.createPledge(request, in: depot.id, pledgedBy: members[0].id, now: t0)
            #expect(pledge.count == 1 && pledge.state == .open)
            // Pledging twice counts once.
            #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[0].id, now: t0 + 1) == .counted(1))
            for i in 1..<6 { #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[i].id, now: t0 + 2) == .counted(i + 1)) }
            #expect(try await reveals(store, pledge.id) == 0)
            // A withdrawal before the threshold takes one away; pledging again puts it back.
            #expect(try await store.withdrawPledge(pledge.id, in: depot.id, by: members[5].id, now: t0 + 3) == .counted(5))
            #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[5].id, now: t0 + 4) == .counted(6))
            // The seventh of ten is exactly 70 %.
            #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[6].id, now: t0 + 5) == .reached(7))
            #expect(try await reveals(store, pledge.id) == 1)
            #expect(try await store.pledgers(of: pledge.id).count == 7)
            // After: nothing changes, no second reveal, no withdrawal.
            #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[7].id, now: t0 + 6) == .closed)
            #expect(try await store.withdrawPledge(pledge.id, in: depot.id, by: members[0].id, now: t0 + 7) == .closed)
            #expect(try await reveals(store, pledge.id) == 1)
            #expect(try await store.pledge(pledge.id, in: depot.id)?.count == 7)
            // The reveal went only to the pledgers.
            let event = try #require(try await store.read { db in try await db.raw("SELECT payload FROM events WHERE kind = 'pledgeReached'").first() })
            #expect(!(try event.string("payload")).contains(members[7].id.rawValue))
        }
    }

    @Test(arguments: Backend.available)
    func anExpiredPledgeDeletesItsPledgersAndRevealsNobody(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 4)
            let request = try PledgeRequest(text: "Refuse overtime", share: nil, count: "4", deadline: t0 + 3600, now: t0)
            let pledge = try await store.createPledge(request, in: depot.id, pledgedBy: members[0].id, now: t0)
            _ = try await store.makePledge(pledge.id, in: depot.id, by: members[1].id, now: t0 + 1)
            _ = try await store.makePledge(pledge.id, in: depot.id, by: members[3].id, now: t0 + 1)
            #expect(try await store.pledge(pledge.id, in: depot.id)?.count == 3)
            // A pledger who leaves the assembly takes the pledge with them.
            try await store.leave(depot.id, accountID: members[3].id, now: t0 + 2)
            #expect(try await store.pledge(pledge.id, in: depot.id)?.count == 2)
            #expect(try await store.pledgers(of: pledge.id).count == 2)
            // At the deadline itself, a pledge is refused and the pledge expires.
            #expect(try await store.makePledge(pledge.id, in: depot.id, by: members[2].id, now: t0 + 3600) == .closed)
            #expect(try await store.pledge(pledge.id, in: depot.id)?.state == .expired)
            #expect(try await store.pledgers(of: pledge.id).isEmpty)
            #expect(try await reveals(store, pledge.id) == 0)
            let other = try await store.createPledge(request, in: depot.id, pledgedBy: members[0].id, now: t0)
            #expect(try await store.expirePledges(now: t0 + 3599) == 0)
            #expect(try await store.expirePledges(now: t0 + 3600) == 1)
            #expect(try await store.pledgers(of: other.id).isEmpty)
            #expect(try await store.pledge(other.id, in: depot.id)?.count == 0)
        }
    }

    @Test(arguments: Backend.available)
    func pledgesAndWithdrawalsAtOnceCountExactlyAndRevealOnce(_ backend: Backend) async throws {
        try await withStore(backend) { (store: Store) async throws -> Void in
            let (depot, members) = try await assembly(store, members: 40)
            // 30 needed; 35 pledge at once while 5 of them withdraw at once.
            let request = try PledgeRequest(text: "Strike", share: nil, count: "30", deadline: t0 + 86400, now: t0)
            let pledge = try await store.createPledge(request, in: depot.id, pledgedBy: nil, now: t0)
            let racers = Array(members.prefix(35))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in racers {
                    group.addTask { _ = try await store.makePledge(pledge.id, in: depot.id, by: member.id, now: t0 + 1) }
                }
                for member in racers.prefix(5) {
                    group.addTask { _ = try await store.withdrawPledge(pledge.id, in: depot.id, by: member.id, now: t0 + 1) }
                }
                try await group.waitForAll()
            }
            let after = try #require(try await store.pledge(pledge.id, in: depot.id))
            // However they interleave, at least 30 stay pledged, the 30th reaches it, and nothing moves after.
            #expect(after.state == .reached)
            #expect(try await reveals(store, pledge.id) == 1)
            #expect(after.count == 30)
            #expect(try await store.pledgers(of: pledge.id).count == after.count)
        }
    }
}
