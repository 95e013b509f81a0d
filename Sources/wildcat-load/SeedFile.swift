import Foundation

/// What `seed` writes and the other commands read: one assembly, its general channel, and a
/// signed-in session token per member.
struct SeedFile: Codable {
    let assembly: String
    let channel: String
    let tokens: [String]

    static func read(_ path: String) throws -> SeedFile {
        try JSONDecoder().decode(SeedFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
