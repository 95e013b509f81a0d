import Foundation
import SQLKit
import WildcatDomain

extension Store {
    /// Casts or replaces a member's ballot on an open proposal: one ballot per member, enforced
    /// by a unique key. Returns how many ballots there are (kept as a counter: a vote must not
    /// cost a count of all the others), those of voters who have since left included.
    public func castBallot(_ ballot: Ballot, on proposalID: ID<Proposal>, in assemblyID: ID<Assembly>, by voter: ID<Account>,
                           now: Date) async throws -> Int {
        let json = try StoredJSON.encode(ballot)
        if engine.kind == .postgres {
            // The common path: ballots cast together go in one statement, each adding to its
            // writer's own counter row (migration 12). Refusals are told apart below.
            let open = OpenBallot(id: RandomText.identifier(), proposalID: proposalID.rawValue, assemblyID: assemblyID.rawValue,
                                  voterID: voter.rawValue, ballot: json, now: now.storeMillis)
            if try await openBallots.call(open, run: { try await self.castOpenBallots($0) }) {
                // Read after the commit, so that it includes every ballot committed before this
                // one (the last voters, committing side by side, must see each other's ballots
                // to close the proposal). Those who committed together share one read.
                return try await ballotCounts.value(for: proposalID.rawValue) {
                    try await read { db in
                        try await db.hotRows(BallotCount.self, """
                            SELECT CAST(p.ballot_count + COALESCE((SELECT SUM(c.n) FROM proposal_ballot_counts c WHERE c.proposal_id = p.id), 0) AS BIGINT) AS n
                            FROM proposals p WHERE p.id = \(bind: proposalID.rawValue)
                            """).first?.int("n") ?? 0
                    }
                }
            }
        }
        return try await write { tx in
            guard let row = try await tx.db.raw("""
                SELECT p.closed_at, p.closes_at FROM proposals p
                JOIN memberships m ON m.assembly_id = p.assembly_id AND m.account_id = \(bind: voter.rawValue)
                WHERE p.id = \(bind: proposalID.rawValue) AND p.assembly_id = \(bind: assemblyID.rawValue)
                """).first() else { throw Refusal.notFound }
            guard try row.decode(column: "closed_at", as: Int64?.self) == nil, try row.int64("closes_at") > now.storeMillis else {
                throw Refusal.votingClosed
            }
            // Once a secret proposal has its signing key, its ballots are cast with tokens only.
            if try await tx.db.raw("SELECT 1 AS one FROM secret_keys WHERE proposal_id = \(bind: proposalID.rawValue)").first() != nil {
                throw Refusal.invalidBallot("This secret ballot is cast anonymously, with a token, from the proposal's page.")
            }
            let replaced = try await tx.db.raw("""
                UPDATE ballots SET ballot = \(bind: json), cast_at = \(bind: now.storeMillis)
                WHERE proposal_id = \(bind: proposalID.rawValue) AND voter_id = \(bind: voter.rawValue) RETURNING voter_id
                """).first() != nil
            if !replaced {
                try await tx.db.raw("""
                    INSERT INTO ballots (id, proposal_id, voter_id, ballot, cast_at)
                    VALUES (\(bind: RandomText.identifier()), \(bind: proposalID.rawValue), \(bind: voter.rawValue), \(bind: json), \(bind: now.storeMillis))
                    """).run()
            }
            guard let counted = try await tx.db.raw("""
                UPDATE proposals SET ballot_count = ballot_count + \(bind: replaced ? 0 : 1) WHERE id = \(bind: proposalID.rawValue) RETURNING ballot_count
                """).first() else { throw Refusal.notFound }
            return try counted.int("ballot_count")
        }
    }

    /// The member's own ballot, if cast.
    public func ballot(on proposalID: ID<Proposal>, by voter: ID<Account>) async throws -> Ballot? {
        try await read { db in
            guard let row = try await db.raw("SELECT ballot FROM ballots WHERE proposal_id = \(bind: proposalID.rawValue) AND voter_id = \(bind: voter.rawValue)").first() else { return nil }
            return try StoredJSON.decode(Ballot.self, try row.string("ballot"))
        }
    }

    /// How many of the assembly's current members have a ballot on the proposal: whether
    /// "everyone has voted" (a departed voter's ballot counts in the result, not here).
    public func memberBallots(on proposalID: ID<Proposal>, in assemblyID: ID<Assembly>) async throws -> Int {
        try await read { db in
            try await db.raw("""
                SELECT COUNT(*) AS n FROM ballots b JOIN memberships m ON m.assembly_id = \(bind: assemblyID.rawValue) AND m.account_id = b.voter_id
                WHERE b.proposal_id = \(bind: proposalID.rawValue)
                """).first()?.int("n") ?? 0
        }
    }

    /// Every ballot with its voter's pseudonym (nil once the account is gone). Pages hide voters
    /// of secret ballots.
    public func ballots(on proposalID: ID<Proposal>) async throws -> [(voter: String?, ballot: Ballot)] {
        try await read { db in
            try await db.raw("""
                SELECT a.pseudonym, b.ballot FROM ballots b LEFT JOIN accounts a ON a.id = b.voter_id
                WHERE b.proposal_id = \(bind: proposalID.rawValue) ORDER BY b.cast_at, b.id
                """).all().map { (try $0.optionalString("pseudonym"), try StoredJSON.decode(Ballot.self, try $0.string("ballot"))) }
        }
    }
}

extension Store {
    /// PostgreSQL: stores the open ballots that arrived together, in one transaction; true for
    /// each one stored. False for a ballot the proposal does not take (closed, secret, not a
    /// member, unknown): its caller's own transaction says why.
    func castOpenBallots(_ ballots: [OpenBallot]) async throws -> [Bool] {
        // One statement may not write a row twice: a voter's second ballot of the batch goes in
        // a later statement, so that the last one cast is the one kept.
        var rounds: [[Int]] = []
        var seen: [VoterOnProposal: Int] = [:]
        for (index, ballot) in ballots.enumerated() {
            let key = VoterOnProposal(proposalID: ballot.proposalID, voterID: ballot.voterID)
            let round = seen[key, default: 0]
            seen[key] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(index)
        }
        let stored: [Bool]
        do {
            if rounds.count == 1 {
                // The common case, each voter once: one statement, committed by itself.
                stored = try await engine.writeOneStatement { db in try await Self.storeOpenBallots(ballots, db: db) }
            } else {
                stored = try await write { [rounds] tx in
                    var stored = [Bool](repeating: false, count: ballots.count)
                    for round in rounds {
                        for (index, kept) in zip(round, try await Self.storeOpenBallots(round.map { ballots[$0] }, db: tx.db)) where kept {
                            stored[index] = true
                        }
                    }
                    return stored
                }
            }
        } catch StoreError.closed {
            throw StoreError.closed
        } catch {
            // Nothing of the batch was stored (a lock timeout, a voter removed meanwhile): each
            // ballot goes on alone, and only its own failure is its caller's. A ballot stored
            // after all (an answer lost) is replaced by the same one, not counted twice.
            return ballots.map { _ in false }
        }
        return stored
    }

    /// Stores `ballots` (no voter twice) in one statement; true for each one stored.
    private static func storeOpenBallots(_ batch: [OpenBallot], db: any SQLDatabase) async throws -> [Bool] {
        let rows = try await db.hotRows(CastOpenBallots.self, """
            WITH q AS (
                SELECT * FROM unnest(\(bind: batch.map(\.id))::text[], \(bind: batch.map(\.proposalID))::text[],
                                     \(bind: batch.map(\.assemblyID))::text[], \(bind: batch.map(\.voterID))::text[],
                                     \(bind: batch.map(\.ballot))::text[], \(bind: batch.map(\.now))::bigint[])
                    AS q(id, proposal_id, assembly_id, voter_id, ballot, now)
            ), target AS (
                SELECT q.* FROM q
                JOIN proposals p ON p.id = q.proposal_id AND p.assembly_id = q.assembly_id
                JOIN memberships m ON m.assembly_id = p.assembly_id AND m.account_id = q.voter_id
                WHERE p.closed_at IS NULL AND p.closes_at > q.now
                  AND NOT EXISTS (SELECT 1 FROM secret_keys k WHERE k.proposal_id = p.id)
            ), cast_ballot AS (
                INSERT INTO ballots (id, proposal_id, voter_id, ballot, cast_at)
                SELECT id, proposal_id, voter_id, ballot, now FROM target
                ON CONFLICT (proposal_id, voter_id) DO UPDATE SET ballot = EXCLUDED.ballot, cast_at = EXCLUDED.cast_at
                RETURNING proposal_id, voter_id, (xmax = 0) AS inserted
            ), counted AS (
                INSERT INTO proposal_ballot_counts (proposal_id, shard, n)
                SELECT proposal_id, pg_backend_pid(), COUNT(*) FILTER (WHERE inserted) FROM cast_ballot GROUP BY proposal_id
                ON CONFLICT (proposal_id, shard) DO UPDATE SET n = proposal_ballot_counts.n + EXCLUDED.n
            )
            SELECT proposal_id, voter_id FROM cast_ballot
            """)
        let positions = Dictionary(uniqueKeysWithValues: batch.enumerated().map { (VoterOnProposal(proposalID: $1.proposalID, voterID: $1.voterID), $0) })
        var stored = [Bool](repeating: false, count: batch.count)
        for row in rows {
            let key = VoterOnProposal(proposalID: try row.string("proposal_id"), voterID: try row.string("voter_id"))
            guard let index = positions[key] else { throw StoreError.corruptRow("a batch stored a ballot it was not given") }
            stored[index] = true
        }
        return stored
    }
}

/// An open ballot waiting for its batch: the columns it is stored with, encoded.
struct OpenBallot: Sendable {
    let id: String
    let proposalID: String
    let assemblyID: String
    let voterID: String
    let ballot: String
    let now: Int64
}

private struct VoterOnProposal: Hashable {
    let proposalID: String
    let voterID: String
}

private enum CastOpenBallots: HotStatement { static let name = "cast_open_ballots" }
private enum BallotCount: HotStatement { static let name = "ballot_count" }
