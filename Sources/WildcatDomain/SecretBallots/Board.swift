import Crypto
import Foundation

/// One cast secret ballot as the board lists it: no account, no time, only its place.
public struct BoardEntry: Sendable, Hashable, Codable {
    /// 1, 2, 3…: the order ballots arrived in.
    public let number: Int
    /// base64url.
    public let token: String
    public let signature: String
    /// The ballot's JSON, exactly as stored and counted.
    public let ballot: String
    /// Hex SHA-256 chaining this entry to the one before it (`BoardChain`).
    public let hash: String

    public init(number: Int, token: String, signature: String, ballot: String, hash: String) {
        self.number = number
        self.token = token
        self.signature = signature
        self.ballot = ballot
        self.hash = hash
    }
}

/// The chain that fixes the board's entries and their order: each entry's hash covers the one
/// before it, so altering, removing, inserting or reordering one breaks every hash after it.
public enum BoardChain {
    /// The hash before the first entry: the proposal's own.
    public static func start(proposal: ID<Proposal>) -> Data {
        Data(SHA256.hash(data: Data("wildcat-board|\(proposal.rawValue)".utf8)))
    }

    /// The entries for ballots in their order of arrival.
    public static func entries(proposal: ID<Proposal>, casts: [(token: Data, signature: Data, ballot: String)]) -> [BoardEntry] {
        var previous = start(proposal: proposal)
        return casts.enumerated().map { index, cast in
            previous = link(previous: previous, token: cast.token, signature: cast.signature, ballot: cast.ballot)
            return BoardEntry(number: index + 1, token: cast.token.base64URL, signature: cast.signature.base64URL, ballot: cast.ballot, hash: previous.hexText)
        }
    }

    /// Fields are length-prefixed, so no two different entries hash the same input.
    public static func link(previous: Data, token: Data, signature: Data, ballot: String) -> Data {
        var digest = SHA256()
        digest.update(data: previous)
        for field in [token, signature, Data(ballot.utf8)] {
            var length = UInt32(field.count).bigEndian
            digest.update(data: Data(bytes: &length, count: 4))
            digest.update(data: field)
        }
        return Data(digest.finalize())
    }
}

/// A closed secret proposal's bulletin board, as every member downloads it: what was asked, the
/// key, who took a token, and every ballot under its token. `verify()` is what
/// `wildcat verify-board` and the page's check do.
public struct Board: Sendable, Codable {
    public let proposal: ID<Proposal>
    public let draft: ProposalDraft
    /// base64 of the public key's DER.
    public let key: String
    public let fingerprint: String
    /// When it closed, in milliseconds since 1970: part of the tie-break's seed.
    public let closedAt: Int64
    public let eligible: Int
    /// Pseudonyms of the members who took a token (a deleted account shows as "a former member").
    public let tookToken: [String]
    public let entries: [BoardEntry]
    /// The last entry's hash (the chain's start when there is none).
    public let finalHash: String
    /// What the server counted at close.
    public let result: TallyResult?
    /// base64url of the Ed25519 key that signs this server's receipts (`Receipt`); boards from
    /// before receipts were signed have none.
    public var receiptKey: String?

    public init(proposal: ID<Proposal>, draft: ProposalDraft, key: BallotPublicKey, closedAt: Int64, eligible: Int, tookToken: [String],
                entries: [BoardEntry], result: TallyResult?) {
        self.proposal = proposal
        self.draft = draft
        self.key = key.der.base64EncodedString()
        fingerprint = key.fingerprint
        self.closedAt = closedAt
        self.eligible = eligible
        self.tookToken = tookToken
        self.entries = entries
        finalHash = entries.last?.hash ?? BoardChain.start(proposal: proposal).hexText
        self.result = result
    }

    /// The first thing wrong with the board, by entry where it is one.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let entry: Int?
        public let reason: String
        public var description: String { entry.map { "entry \($0): \(reason)" } ?? reason }
    }

    /// Checks every entry in order (its place, its signature, its token's uniqueness, its ballot,
    /// its hash), the final hash and the counts, then counts the ballots again with the same
    /// tally code the server used. Returns that count.
    public func verify() throws(Problem) -> TallyResult {
        guard let der = Data(base64Encoded: key) else { throw Problem(entry: nil, reason: "the key is not base64") }
        let publicKey = BallotPublicKey(der: der)
        guard publicKey.fingerprint == fingerprint else { throw Problem(entry: nil, reason: "the key does not have the fingerprint the board names") }
        guard let verifier = try? BallotVerifier(publicKey) else { throw Problem(entry: nil, reason: "the key is not an RSA public key") }
        let signed = Self.checkSignatures(entries, verifier)
        var previous = BoardChain.start(proposal: proposal)
        var seen: [Data: Int] = [:]
        var cast: [Closing.CastBallot] = []
        let election = draft.election(ballots: [])
        for (index, entry) in entries.enumerated() {
            let place = index + 1
            guard entry.number == place else {
                throw Problem(entry: place, reason: "numbered \(entry.number): an entry before it was removed, added or moved")
            }
            guard let token = Data(base64URL: entry.token), let signature = Data(base64URL: entry.signature) else {
                throw Problem(entry: place, reason: "its token or signature is not base64url")
            }
            guard signed[index] else {
                throw Problem(entry: place, reason: "its signature is not the proposal key's on its token")
            }
            if let first = seen[token] { throw Problem(entry: place, reason: "its token was already used by entry \(first)") }
            seen[token] = place
            guard let ballot = try? JSONDecoder().decode(Ballot.self, from: Data(entry.ballot.utf8)), (try? Tally.validate(ballot, for: election)) != nil else {
                throw Problem(entry: place, reason: "its ballot is not one this proposal accepts")
            }
            let hash = BoardChain.link(previous: previous, token: token, signature: signature, ballot: entry.ballot)
            guard hash.hexText == entry.hash else {
                throw Problem(entry: place, reason: "its hash does not follow from the entry before it: it, or one before it, was altered, removed, added or moved")
            }
            previous = hash
            cast.append(Closing.CastBallot(key: entry.token, stored: entry.ballot, ballot: ballot, weight: 1))
        }
        guard previous.hexText == finalHash else { throw Problem(entry: nil, reason: "the final hash is not the last entry's: entries were removed from the end") }
        guard entries.count <= tookToken.count else {
            throw Problem(entry: nil, reason: "\(entries.count) ballots but only \(tookToken.count) tokens issued")
        }
        let seed = Closing.tieSeed(proposal: proposal, atMillis: closedAt, ballots: cast)
        let recount: TallyResult
        do { recount = try Tally.tally(draft.election(weighted: cast.map { ($0.ballot, 1) }, tieSeed: seed)) } catch {
            throw Problem(entry: nil, reason: "the ballots cannot be counted: \(error)")
        }
        if let result, result != recount { throw Problem(entry: nil, reason: "the server's result differs from the recount") }
        return recount
    }
}

extension Board {
    /// Every entry's signature, checked on all cores (they are independent; the chain is not).
    static func checkSignatures(_ entries: [BoardEntry], _ verifier: BallotVerifier) -> [Bool] {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (entries.count + workers - 1) / max(workers, 1)
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: entries.count)
        defer { results.deallocate() }
        results.initialize(repeating: false)
        let shared = SendableBuffer(results)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk
            guard start < entries.count else { return }
            for index in start..<min(start + chunk, entries.count) {
                let entry = entries[index]
                guard let token = Data(base64URL: entry.token), let signature = Data(base64URL: entry.signature) else { continue }
                shared.buffer[index] = verifier.isValid(token: token, signature: signature)
            }
        }
        return Array(results)
    }
}

/// Workers write disjoint ranges of one buffer.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Bool>
    init(_ buffer: UnsafeMutableBufferPointer<Bool>) { self.buffer = buffer }
}

extension Data {
    /// Lowercase hex, by table: a board of 100,000 entries formats 200,000 hashes.
    public var hexText: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: count * 2)
        for (index, byte) in enumerated() {
            bytes[2 * index] = digits[Int(byte >> 4)]
            bytes[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public init?(base64URL text: String) {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "-"): bytes[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): bytes[index] = UInt8(ascii: "/")
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            default: break
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        self.init(base64Encoded: Data(bytes))
    }

    public var base64URL: String {
        var bytes = Array(base64EncodedData())
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "+") { bytes[index] = UInt8(ascii: "-") } else if bytes[index] == UInt8(ascii: "/") { bytes[index] = UInt8(ascii: "_") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
