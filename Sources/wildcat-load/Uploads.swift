import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Photos sent through a channel's form, as a browser sends them: first one at a time (how long
/// one takes to be cleaned and stored), then many at once while live members receive a sender's
/// messages (whether chat stalls meanwhile).
struct Uploads: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Photo uploads one at a time, then N at once while live members are timed receiving messages.")

    @Option(help: "Server base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "Seed file from `seed`.") var seed: String = "bench-seed.json"
    @Option(help: "The photo to send (bench/make-photo.py makes one).") var photo: String
    @Option(help: "Uploads one after another.") var sequential: Int = 10
    @Option(help: "Uploads all at once.") var concurrent: Int = 100
    @Option(help: "Live members timed meanwhile.") var live: Int = 200
    @Option(help: "Messages per second from the sender meanwhile.") var rate: Int = 10

    func run() async throws {
        let seed = try SeedFile.read(self.seed)
        guard seed.tokens.count > 1 + sequential + live + concurrent else {
            throw ValidationError("the seed needs more than \(1 + sequential + live + concurrent) members")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: photo))
        let client = makeClient(connections: concurrent + 8)
        let channel = "\(url)/a/\(seed.assembly)/c/\(seed.channel)"

        var one = Samples(), failed = 0
        for token in seed.tokens[1...sequential] {
            let form = try await UploadForm(client, channel: channel, token: token)
            let begun = ContinuousClock.now
            if try await form.send(client, photo: bytes) { one.add(ContinuousClock.now - begun) } else { failed += 1 }
        }
        print(String(format: "uploads: %d of %.1f MB one at a time (%d failed): %@", sequential, Double(bytes.count) / 1e6, failed, one.summary))

        let receivers = Receivers()
        await connectAll(receivers, url: url, tokens: seed.tokens[(1 + sequential)...(sequential + live)])
        let connected = await receivers.waitForConnections(live, timeout: .seconds(60))
        var forms: [UploadForm] = []
        for token in seed.tokens[(1 + sequential + live)...(sequential + live + concurrent)] {
            forms.append(try await UploadForm(client, channel: channel, token: token))
        }
        try await Task.sleep(for: .seconds(1))

        // The sender has a client of its own: its messages never queue behind the photos' connections.
        let sender = makeClient(connections: 2)
        let stop = NIOLockedValueBox(false)
        let sending = Task {
            var n = 0, failures = 0
            var next = ContinuousClock.now
            while !stop.withLockedValue({ $0 }) {
                try? await Task.sleep(until: next)
                next += .milliseconds(1000 / rate)
                receivers.sent.withLockedValue { $0[n] = ContinuousClock.now }
                do {
                    if try await !postMessage(sender, url: url, seed: seed, token: seed.tokens[0], body: "bench \(n)") { failures += 1 }
                } catch {
                    failures += 1
                    print("send \(n) failed: \(error)")
                }
                n += 1
            }
            return (n, failures)
        }
        let started = ContinuousClock.now
        let results = await withTaskGroup(of: Duration?.self) { group in
            for form in forms {
                group.addTask {
                    let begun = ContinuousClock.now
                    return ((try? await form.send(client, photo: bytes)) ?? false) ? ContinuousClock.now - begun : nil
                }
            }
            var all: [Duration?] = []
            for await result in group { all.append(result) }
            return all
        }
        let elapsed = ContinuousClock.now - started
        try await Task.sleep(for: .seconds(1))
        stop.withLockedValue { $0 = true }
        let (sent, sendFailures) = await sending.value
        try await Task.sleep(for: .seconds(2))
        var many = Samples()
        for case let duration? in results { many.add(duration) }
        let expected = (sent - sendFailures) * connected
        print(String(format: "uploads: %d at once in %.1f s (%d failed): %@", concurrent,
                     Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, results.filter { $0 == nil }.count, many.summary))
        print(String(format: "live meanwhile: %d members, %d messages at %d/s (%d failed), %d of %d deliveries; send→receipt %@",
                     connected, sent, rate, sendFailures, receivers.received.withLockedValue { $0 }, expected, receivers.samples.withLockedValue { $0.summary }))
        receivers.closeAll()
        try await client.shutdown()
        try await sender.shutdown()
    }
}

/// A member's channel page read once for its anti-forgery token, then the photo form sent.
struct UploadForm: Sendable {
    let channel: String
    let token: String
    let csrf: String

    init(_ client: HTTPClient, channel: String, token: String) async throws {
        var request = HTTPClientRequest(url: channel)
        request.headers.add(name: "Cookie", value: "wc_session=\(token)")
        let response = try await client.execute(request, timeout: .seconds(30))
        let page = String(buffer: try await response.body.collect(upTo: 1 << 22))
        guard let match = page.firstMatch(of: /name="csrf" value="([^"]+)"/) else { throw ValidationError("no form on \(channel) (\(response.status))") }
        self.channel = channel
        self.token = token
        csrf = String(match.1)
    }

    func send(_ client: HTTPClient, photo: Data) async throws -> Bool {
        let boundary = "----wildcatload\(UInt64.random(in: 0...UInt64.max))"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n\r\n")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_0001.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
        body.writeBytes(photo)
        body.writeString("\r\n--\(boundary)--\r\n")
        var request = HTTPClientRequest(url: channel + "/upload")
        request.method = .POST
        request.headers.add(name: "Cookie", value: "wc_session=\(token)")
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(300))
        _ = try await response.body.collect(upTo: 1 << 22)
        return response.status == .seeOther
    }
}
