import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WildcatDomain
import _CryptoExtras
@testable import WildcatWeb

/// What a member's browser does with the page's routes: take a token blind, then cast it anonymously.
private struct Voter {
    let browser: Browser
    let proposal: String

    func keyInfo() async throws -> [String: Any] {
        let page = try await browser.get(proposal + "/secret")
        return try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as! [String: Any]
    }

    /// Blinds a fresh token, asks for the blind signature, unblinds. nil signature when refused.
    func takeToken(blinded override: Data? = nil) async throws -> (status: HTTPResponse.Status, token: Data, signature: Data?) {
        let info = try await keyInfo()
        let key = try _RSA.BlindSigning.PublicKey<SHA384>(derRepresentation: Data(base64Encoded: info["key"] as! String)!,
                                                          parameters: .RSABSSA_SHA384_PSS_Deterministic)
        let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let prepared = key.prepare(token)
        let blinded = try key.blind(prepared)
        try await browser.get(proposal)
        let body = try JSONSerialization.data(withJSONObject: ["blinded": (override ?? blinded.blindedMessage).base64URL])
        let reply = try await browser.send(proposal + "/token", method: .post, body: ByteBuffer(bytes: body), contentType: "application/json",
                                           extraHeaders: [HTTPField.Name("X-CSRF-Token")!: browser.lastCSRF ?? ""])
        guard reply.status == .ok else { return (reply.status, token, nil) }
        let answer = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as! [String: Any]
        let blindSignature = Data(base64URL: answer["blindSignature"] as! String)!
        let signature = try key.finalize(_RSA.BlindSigning.BlindSignature(rawRepresentation: blindSignature), for: prepared, blindingInverse: blinded.inverse)
        return (reply.status, token, signature.rawRepresentation)
    }
}

/// Casts on the anonymous route, with or without someone's cookie.
private func cast(_ client: any TestClientProtocol, _ proposalID: String, token: Data, signature: Data, ballot: [String: Any],
                  cookie: String? = nil) async throws -> (status: HTTPResponse.Status, body: [String: Any], headers: HTTPFields) {
    var headers: HTTPFields = [.contentType: "application/json"]
    if let cookie { headers[.cookie] = cookie }
    let body = try JSONSerialization.data(withJSONObject: ["token": token.base64URL, "signature": signature.base64URL, "ballot": ballot])
    let response = try await client.execute(uri: "/cast/\(proposalID)", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    return (response.status, object, response.headers)
}

@Suite("Secret ballots")
struct SecretBallotTests {
    @Test func anSTVElectionRoundTripsThroughTokensAndItsBoardVerifies() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let rosa = Browser(client)
            _ = try await rosa.signUp(link: try await app.firstPersonLink(), pseudonym: "Rosa")
            let path = try await rosa.found("Store 14")
            var members = [rosa]
            for name in ["Lucy", "Max", "Ines", "Omar"] {
                let member = Browser(client)
                _ = try await member.signUp(link: try await rosa.invite(path), pseudonym: name)
                members.append(member)
            }
            try await rosa.get(path + "/p/new")
            let made = try await rosa.post(path + "/p", ["method": "stv", "closes": "3d", "title": "Strike committee", "options": "Ana\nBen\nCleo", "seats": "2",
                                                          "secret": "true"])
            let proposal = try #require(made.location)
            let proposalID = String(try #require(proposal.split(separator: "/").last))
            let rankings = [["Ana", "Ben"], ["Ben"], ["Cleo", "Ana"], ["Ana"], ["Ben", "Cleo"]]
            var receipts: [[String: Any]] = []
            var tokens: [(Data, Data)] = []
            for (member, ranking) in zip(members, rankings) {
                let voter = Voter(browser: member, proposal: proposal)
                let fingerprint = try await voter.keyInfo()["fingerprint"] as? String
                #expect(fingerprint?.count == 39)
                let (status, token, signature) = try await voter.takeToken()
                #expect(status == .ok)
                let signed = try #require(signature)
                tokens.append((token, signed))
                // Cast with no cookie at all.
                let receipt = try await cast(client, proposalID, token: token, signature: signed, ballot: ["ranking": ranking])
                #expect(receipt.status == .created && receipt.headers[.setCookie] == nil)
                receipts.append(receipt.body)
            }
            #expect(receipts.map { $0["number"] as? Int } == [1, 2, 3, 4, 5])

            // Attacks: a second token, a token reused, a forged signature, a malformed blinded message.
            let lucy = Voter(browser: members[1], proposal: proposal)
            #expect(try await lucy.takeToken().status == .conflict)
            #expect(try await cast(client, proposalID, token: tokens[0].0, signature: tokens[0].1, ballot: ["ranking": ["Cleo"]]).status == .conflict)
            var forged = tokens[1].1
            forged[7] ^= 1
            #expect(try await cast(client, proposalID, token: Data(repeating: 9, count: 32), signature: forged, ballot: ["ranking": ["Cleo"]]).status == .forbidden)
            let newcomer = Browser(client)
            _ = try await newcomer.signUp(link: try await rosa.invite(path), pseudonym: "Nadia")
            #expect(try await Voter(browser: newcomer, proposal: proposal).takeToken(blinded: Data(repeating: 0xFF, count: 256)).status == .unprocessableContent)
            #expect(try await Voter(browser: newcomer, proposal: proposal).takeToken(blinded: Data(repeating: 1, count: 12)).status == .unprocessableContent)
            // A malformed request took no token from Nadia: she still can.
            let nadia = try await Voter(browser: newcomer, proposal: proposal).takeToken()
            #expect(nadia.status == .ok)
            // Her cast carries Rosa's cookie: it is ignored, never linked (the ballot is stored under the token alone).
            let withCookie = try await cast(client, proposalID, token: nadia.token, signature: try #require(nadia.signature), ballot: ["ranking": ["Cleo"]],
                                            cookie: rosa.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            #expect(withCookie.status == .created && withCookie.headers[.setCookie] == nil)
            // The ballot is no longer cast with the account either.
            try await rosa.get(proposal)
            #expect(try await rosa.post(proposal + "/vote", ["ranking": "Ana"]).status != .seeOther)
            // No board before the close.
            #expect(try await rosa.get(proposal + "/board.json").status == .notFound)

            app.clock.advance(by: 4 * 86400)
            try await app.closeDueProposals()
            // After it: a token from this proposal's key is refused (the vote closed), and so is a new token.
            #expect(try await cast(client, proposalID, token: tokens[1].0, signature: tokens[1].1, ballot: ["ranking": ["Ana"]]).status == .conflict)
            let download = try await members[3].get(proposal + "/board.json")
            #expect(download.status == .ok)
            let board = try JSONDecoder().decode(Board.self, from: Data(download.body.utf8))
            #expect(board.entries.count == 6 && board.tookToken.count == 6 && board.eligible == 6)
            #expect(board.tookToken.sorted() == ["Ines", "Lucy", "Max", "Nadia", "Omar", "Rosa"])
            // Each member finds their own entry by their token.
            for (token, _) in tokens { #expect(board.entries.contains { $0.token == token.base64URL }) }
            let recount = try board.verify()
            #expect(recount == board.result && recount.winners.count == 2)
            #expect(board.finalHash == receipts.last.flatMap { _ in withCookie.body["hash"] as? String })

            // Every receipt is signed by the key the board and /.well-known name, and the board holds its entry.
            let wellKnown = try await client.execute(uri: "/.well-known/wildcat-receipts", method: .get)
            let published = try #require(try JSONSerialization.jsonObject(with: Data(buffer: wellKnown.body)) as? [String: Any])
            #expect(board.receiptKey != nil && board.receiptKey == published["key"] as? String && published["algorithm"] as? String == "Ed25519")
            let held = try (receipts + [withCookie.body]).map { try JSONDecoder().decode(Receipt.self, from: JSONSerialization.data(withJSONObject: $0)) }
            #expect(held.count == 6)
            for receipt in held { try board.check(receipt) }
            // A receipt altered, or a board that dropped the acknowledged ballot, is caught.
            let altered = Receipt(proposal: ID(proposalID), number: held[0].number, hash: held[1].hash, signature: held[0].signature)
            #expect(throws: Board.Problem.self) { try board.check(altered) }
            var object = try #require(try JSONSerialization.jsonObject(with: Data(download.body.utf8)) as? [String: Any])
            object["entries"] = Array((object["entries"] as! [Any]).dropLast())
            let shortened = try JSONDecoder().decode(Board.self, from: JSONSerialization.data(withJSONObject: object))
            do throws(Board.Problem) {
                try shortened.check(held[5])
                Issue.record("a board without the acknowledged entry passed")
            } catch {
                #expect(error.entry == 6 && error.reason.contains("it was dropped"))
            }
        }
    }
}
