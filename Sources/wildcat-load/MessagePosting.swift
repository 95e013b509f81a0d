import AsyncHTTPClient
import Foundation
import NIOCore

func makeClient(connections: Int) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
    // A form's answer is its redirect: counted as such, not followed.
    configuration.redirectConfiguration = .disallow
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

func postMessage(_ client: HTTPClient, url: String, seed: SeedFile, token: String, body: String) async throws -> Bool {
    var request = HTTPClientRequest(url: "\(url)/api/v1/assemblies/\(seed.assembly)/channels/\(seed.channel)/messages")
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    request.headers.add(name: "Content-Type", value: "application/json")
    let json = try JSONSerialization.data(withJSONObject: ["body": body])
    request.body = .bytes(ByteBuffer(bytes: json))
    let response = try await client.execute(request, timeout: .seconds(30))
    _ = try await response.body.collect(upTo: 1 << 20)
    return response.status == .created
}
