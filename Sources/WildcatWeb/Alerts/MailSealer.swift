import Crypto
import Foundation

/// Seals members' e-mail addresses (AES-256-GCM) under a key kept in a file outside the
/// database: a copy of the database alone does not give the addresses away.
struct MailSealer: Sendable {
    private let key: Data

    init(key: Data) { self.key = key }

    /// Reads the key file, or makes one (readable by its owner only) if there is none.
    static func load(path: String) throws -> MailSealer {
        let url = URL(fileURLWithPath: path)
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 else {
                throw MailKeyError(path: path)
            }
            return MailSealer(key: key)
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: Data((key.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw MailKeyError(path: path)
        }
        return MailSealer(key: key)
    }

    func seal(_ address: String) throws -> String {
        try AES.GCM.seal(Data(address.utf8), using: SymmetricKey(data: key)).combined!.base64EncodedString()
    }

    func open(_ sealed: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: SymmetricKey(data: key)) else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}

struct MailKeyError: Error, CustomStringConvertible {
    let path: String
    var description: String { "the mail key file \(path) cannot be read or made (it holds 32 bytes, base64)" }
}
