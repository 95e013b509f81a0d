import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore

/// Web push at scale: M members each subscribe a device to the benchmark's own push service
/// (over the API, as an app would); one urgent vote is opened; measured, how long until every
/// push arrived and decrypted, and pushes per second.
struct PushSpeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push",
                                                    abstract: "Encrypted web pushes to M subscriptions through a local test push service: all delivered, and how fast.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed --urgent`.") var seed: String = "bench-seed.json"
    @Option(help: "Subscribed members.") var members: Int = 10_000
    @Option(help: "Port of the test push service.") var pushPort: Int = 8443
    @Option(help: "Its certificate (PEM); give the server the same file as --push-ca-file.") var cert: String
    @Option(help: "Its private key (PEM).") var key: String

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count > members else { throw ValidationError("the seed needs more than \(members) members") }
        let service = TestPushService(count: members)
        let app = try service.application(port: pushPort, cert: cert, key: key)
        let server = Task { try await app.runService() }
        try await Task.sleep(for: .seconds(1))
        let client = makeClient(connections: 32)
        // Subscribe every member's device (not timed).
        let endpoint = "https://127.0.0.1:\(pushPort)/p/"
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    var request = HTTPClientRequest(url: "\(url)/api/v1/push/subscriptions")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[index + 1])")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    let body = #"{"endpoint":"\#(endpoint)\#(index)","keys":{"p256dh":"\#(base64URL(service.publicKey(index)))","auth":"\#(base64URL(service.subscribers[index].auth))"}}"#
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await client.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 1 << 16)
                    guard response.status == .created else { throw ValidationError("subscribing failed: \(response.status)") }
                }
            }
            for _ in 0..<64 where next < members { add() }
            while try await group.next() != nil { if next < members { add() } }
        }
        print("push: \(members) subscriptions made")
        // One urgent vote, opened by a member without a device.
        var request = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/proposals")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(seed.tokens[0])")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"title":"Walk out","method":"yesno","closesInMinutes":120,"urgent":true}"#))
        let opened = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created else { throw ValidationError("opening the urgent vote failed: \(response.status)") }
        let deadline = ContinuousClock.now + .seconds(180)
        while service.delivered.withLockedValue({ $0 }) < members, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let delivered = service.delivered.withLockedValue { $0 }
        let (first, last) = service.firstAndLast.withLockedValue { $0 }
        let total = (last ?? opened) - opened
        let spread = (last ?? opened) - (first ?? opened)
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        print(String(format: "push: %d of %d pushes delivered and decrypted (%d undecryptable); vote opened → first %.2f s, → last %.2f s; %.0f pushes/s overall, %.0f pushes/s first → last",
                     delivered, members, service.undecryptable.withLockedValue { $0 }, seconds((first ?? opened) - opened), seconds(total),
                     Double(delivered) / seconds(total), Double(delivered - 1) / max(seconds(spread), 0.001)))
        server.cancel()
        try await client.shutdown()
    }
}
