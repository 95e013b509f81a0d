import Crypto
import Foundation

/// What the casting route answers: the ballot's place on the board and the entry's hash, signed
/// with the instance's receipt key (Ed25519). A member who keeps it can show that a board
/// without that entry, or with another ballot there, is not what the server acknowledged.
public struct Receipt: Sendable, Hashable, Codable {
    public let proposal: String
    public let number: Int
    /// Hex SHA-256 of the entry (`BoardChain`): it covers the token, signature and ballot, and
    /// every entry before.
    public let hash: String
    /// base64url Ed25519 signature of `message`.
    public let signature: String

    public init(proposal: ID<Proposal>, number: Int, hash: String, signature: String) {
        self.proposal = proposal.rawValue
        self.number = number
        self.hash = hash
        self.signature = signature
    }

    /// The signed text; the prefix keeps it from meaning anything else.
    public static func message(proposal: String, number: Int, hash: String) -> Data {
        Data("wildcat-receipt-v1|\(proposal)|\(number)|\(hash)".utf8)
    }

    public static func sign(proposal: ID<Proposal>, entry: BoardEntry, with key: Curve25519.Signing.PrivateKey) throws -> Receipt {
        let signature = try key.signature(for: message(proposal: proposal.rawValue, number: entry.number, hash: entry.hash))
        return Receipt(proposal: proposal, number: entry.number, hash: entry.hash, signature: Data(signature).base64URL)
    }

    /// Whether the receipt was signed by this key (base64url of its 32 raw bytes).
    public func isSigned(by publicKey: String) -> Bool {
        guard let raw = Data(base64URL: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Data(base64URL: signature) else { return false }
        return key.isValidSignature(signature, for: Self.message(proposal: proposal, number: number, hash: hash))
    }
}

extension Board {
    /// Whether the board holds the entry this receipt acknowledges; the reason when it does not.
    public func check(_ receipt: Receipt) throws(Problem) {
        guard receipt.proposal == proposal.rawValue else { throw Problem(entry: nil, reason: "the receipt is for another proposal") }
        guard let receiptKey else { throw Problem(entry: nil, reason: "the board names no receipt key") }
        guard receipt.isSigned(by: receiptKey) else {
            throw Problem(entry: nil, reason: "the receipt is not signed by the board's receipt key: it is not this server's, or it was altered")
        }
        guard receipt.number >= 1, receipt.number <= entries.count else {
            throw Problem(entry: receipt.number, reason: "the server acknowledged this ballot, and the board has no such entry: it was dropped")
        }
        guard entries[receipt.number - 1].hash == receipt.hash else {
            throw Problem(entry: receipt.number, reason: "the server acknowledged another entry here: this ballot, or one before it, was changed or dropped")
        }
    }
}
