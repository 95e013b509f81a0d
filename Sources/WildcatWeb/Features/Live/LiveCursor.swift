import Crypto
import Foundation
import WildcatStore

/// A page's place in the live event log, sealed: the log's ids count every event on the server,
/// so a page never sees one. It holds an encrypted id (ChaChaPoly under a key derived from the
/// instance secret, a fresh nonce each time) and hands it back to resume.
struct LiveCursor: Sendable {
    let keys: InstanceKeys

    /// Derived when used: the instance keys are loaded after the application is built.
    private var key: SymmetricKey { SymmetricKey(data: keys.mac("live-cursor-key")) }

    func seal(_ id: Int64) -> String {
        var value = id.bigEndian
        let plain = withUnsafeBytes(of: &value) { Data($0) }
        guard let sealed = try? ChaChaPoly.seal(plain, using: key).combined else { return "" }
        return sealed.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The id, or nil for anything this server did not seal.
    func open(_ text: String) -> Int64? {
        guard text.count <= 64 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let box = try? ChaChaPoly.SealedBox(combined: data),
              let plain = try? ChaChaPoly.open(box, using: key), plain.count == 8 else { return nil }
        return plain.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}

extension WebEnvironment {
    /// The live cursor a page starts from, sealed: read before the page's content, so the page
    /// can only see an event twice (the script ignores repeats), never miss one.
    func liveCursor() async throws -> String {
        live.frames.cursors.seal(try await store.latestEventID())
    }
}
