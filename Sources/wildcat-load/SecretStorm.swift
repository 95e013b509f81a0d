import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import WildcatDomain
import _CryptoExtras

/// A secret vote storm (issue 14): every seeded member takes a blind-signed token through the
/// page's route (signed in, with the form token), then every token casts its ballot on the
/// anonymous route; each phase timed on its own. The client blinds and unblinds with
/// swift-crypto, as the page's script does in the browser.
struct SecretStorm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "secret-storm", abstract: "Every member takes a secret ballot's token, then casts it, N at a time.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "Concurrent clients.") var clients: Int = 64

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard let components = URLComponents(string: url), let host = components.host else { throw ValidationError("bad --url") }
        let port = components.port ?? 80
        let client = makeClient(connections: 4)
        var create = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/proposals")
        create.method = .POST
        create.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[0])")
        create.headers.add(name: "Content-Type", value: "application/json")
        let closesAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86400))
        create.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["title": "Strike?", "method": "yesno", "closesAt": closesAt, "secret": true])))
        let made = try await client.execute(create, timeout: .seconds(30))
        let body = try await made.body.collect(upTo: 1 << 20)
        guard made.status == .created, let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
              let proposal = (object["proposal"] as? [String: Any])?["id"] as? String else { throw ValidationError("could not create the proposal: \(made.status)") }
        try await client.shutdown()
        let page = "/a/\(seed.assembly)/p/\(proposal)"

        // Each member's form token, from the key route's page (not timed).
        let first = try await PlainHTTPConnection.connect(host: host, port: port)
        let keyReply = try await first.request(.GET, page + "/secret", token: nil, body: "", cookie: "wc_session=\(seed.tokens[0])")
        first.close()
        guard let info = try JSONSerialization.jsonObject(with: keyReply.body) as? [String: Any], let der = (info["key"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw ValidationError("no key: \(keyReply.status)")
        }
        let key = try _RSA.BlindSigning.PublicKey<SHA384>(derRepresentation: der, parameters: .RSABSSA_SHA384_PSS_Deterministic)
        let voters = seed.tokens
        print("secret-storm: proposal \(proposal); reading \(voters.count) members' form tokens")
        let csrf = try await Self.each(voters.count, clients: clients, host: host, port: port) { connection, index in
            let reply = try await connection.request(.GET, page, token: nil, body: "", cookie: "wc_session=\(voters[index])")
            let text = String(decoding: reply.body, as: UTF8.self)
            guard let match = text.firstMatch(of: /name="csrf" value="([^"]+)"/) else { return nil }
            return String(match.1)
        }

        // Issuance. Members' phones blind and unblind their own tokens; on this one machine the
        // client's share would take the server's cores, so it is done before and after the timed
        // requests, which measure the server's part alone: check, sign blind, record.
        let tokens = NIOLockedValueBox<[Int: (Data, Data)]>([:])
        let blinding = try voters.indices.map { _ in
            let token = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            let prepared = key.prepare(token)
            return (token, prepared, try key.blind(prepared))
        }
        let requests = blinding.map { #"{"blinded":"\#($0.2.blindedMessage.base64URL)"}"# }
        let answers = NIOLockedValueBox<[Int: Data]>([:])
        let issuance = try await Self.timed(voters.count, clients: clients, host: host, port: port) { connection, index in
            guard let form = csrf[index] else { return false }
            let reply = try await connection.request(.POST, page + "/token", token: nil, body: requests[index],
                                                     cookie: "wc_session=\(voters[index])", headers: [("X-CSRF-Token", form)])
            guard reply.status == .ok else { return false }
            answers.withLockedValue { $0[index] = reply.body }
            return true
        }
        print(issuance.summary("issuance"))
        var unsigned = 0
        for (index, body) in answers.withLockedValue({ $0 }) {
            let (token, prepared, blinded) = blinding[index]
            guard let answer = try JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let blindSignature = (answer["blindSignature"] as? String).flatMap(Data.init(base64URL:)),
                  let signature = try? key.finalize(_RSA.BlindSigning.BlindSignature(rawRepresentation: blindSignature), for: prepared,
                                                    blindingInverse: blinded.inverse) else { unsigned += 1; continue }
            tokens.withLockedValue { $0[index] = (token, signature.rawRepresentation) }
        }
        print("secret-storm: \(unsigned) answers did not unblind to a valid signature")

        // Casting: no cookie, no bearer token.
        let held = tokens.withLockedValue { $0 }
        let order = Array(held.keys).shuffled()
        let acknowledged = NIOLockedValueBox(0)
        let casting = try await Self.timed(order.count, clients: clients, host: host, port: port) { connection, slot in
            let (token, signature) = held[order[slot]]!
            let choice = order[slot] % 3 == 0 ? "no" : "yes"
            let reply = try await connection.request(.POST, "/cast/\(proposal)", token: nil,
                                                     body: #"{"token":"\#(token.base64URL)","signature":"\#(signature.base64URL)","ballot":{"choice":"\#(choice)"}}"#)
            guard reply.status == .created else { return false }
            acknowledged.withLockedValue { $0 += 1 }
            return true
        }
        print(casting.summary("casting"))
        print("secret-storm: \(held.count) tokens issued, \(acknowledged.withLockedValue { $0 }) ballots acknowledged (proposal \(proposal))")
    }

    struct Timing {
        let count: Int
        let failed: Int
        let seconds: Double
        let samples: Samples
        func summary(_ phase: String) -> String {
            String(format: "secret-storm %@: %d in %.1f s (%.0f/s), %d failed; latency %@", phase, count, seconds, Double(count) / seconds, failed, samples.summary)
        }
    }

    /// Runs `work` for indexes 0..<count over `clients` keep-alive connections, timing each.
    static func timed(_ count: Int, clients: Int, host: String, port: Int,
                      _ work: @escaping @Sendable (PlainHTTPConnection, Int) async throws -> Bool) async throws -> Timing {
        let next = NIOLockedValueBox(0)
        let start = ContinuousClock.now
        let (samples, failed) = try await withThrowingTaskGroup(of: (Samples, Int).self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var samples = Samples(), failed = 0
                    var connection = try await PlainHTTPConnection.connect(host: host, port: port)
                    while true {
                        let index: Int = next.withLockedValue { let i = $0; $0 += 1; return i }
                        guard index < count else { break }
                        let begin = ContinuousClock.now
                        do {
                            if try await work(connection, index) { samples.add(ContinuousClock.now - begin) } else { failed += 1 }
                        } catch {
                            failed += 1
                            connection.close()
                            connection = try await PlainHTTPConnection.connect(host: host, port: port)
                        }
                    }
                    connection.close()
                    return (samples, failed)
                }
            }
            return try await group.reduce(into: (Samples(), 0)) { $0.0.values += $1.0.values; $0.1 += $1.1 }
        }
        let elapsed = ContinuousClock.now - start
        return Timing(count: count - failed, failed: failed, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      samples: samples)
    }

    /// Runs `work` for each index and collects what it returns.
    static func each(_ count: Int, clients: Int, host: String, port: Int,
                     _ work: @escaping @Sendable (PlainHTTPConnection, Int) async throws -> String?) async throws -> [Int: String] {
        let found = NIOLockedValueBox<[Int: String]>([:])
        _ = try await timed(count, clients: clients, host: host, port: port) { connection, index in
            guard let value = try await work(connection, index) else { return false }
            found.withLockedValue { $0[index] = value }
            return true
        }
        return found.withLockedValue { $0 }
    }
}
