import Foundation

/// The folder of bundled templates, static files and the OpenAPI document.
enum ResourceFiles {
    enum Missing: Error, CustomStringConvertible {
        case folder(String)
        var description: String {
            if case .folder(let path) = self { return "Wildcat's bundled resources are missing (looked in \(path))" }
            return ""
        }
    }

    /// Foundation on Linux sometimes reports the copied folder itself as the resource URL and
    /// sometimes its parent; accept either.
    static func base() throws -> URL {
        guard let root = Bundle.module.resourceURL else { throw Missing.folder("the module bundle") }
        for candidate in [root, root.appendingPathComponent("Resources")] {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("templates/layout.mustache").path) {
                return candidate
            }
        }
        throw Missing.folder(root.path)
    }
}
