import CImageShim
import NIOPosix
import WildcatDomain

/// A photo as others will fetch it: decoded and encoded again, upright, shrunk to the served
/// size, with no metadata (no location, device, time or thumbnail).
public struct CleanedImage: Sendable {
    public let bytes: [UInt8]
    public let width: Int
    public let height: Int
}

/// Cleans photos with libvips on a thread of its own, so that decoding never holds up the event
/// loops that carry chat: one photo at a time per process (libvips itself told to use one
/// thread), the rest wait their turn. On two cores, one stays free for everything else.
public struct ImageCleaner: Sendable {
    public let rules: UploadRules

    /// libvips starts once per process; so does the thread.
    private static let started: Bool = wildcat_images_start() == 0
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    public init(rules: UploadRules) throws {
        guard Self.started else { throw ImageLibraryUnavailable() }
        self.rules = rules
    }

    /// Refuses, before decoding a pixel, what declares too many; then cleans.
    public func clean(_ bytes: [UInt8], as format: ImageFormat) async throws -> CleanedImage {
        let rules = self.rules
        return try await Self.pool.runIfActive {
            wildcat_images_yield_to_chat()
            return try Self.cleanNow(bytes, as: format, rules: rules)
        }
    }

    static func cleanNow(_ bytes: [UInt8], as format: ImageFormat, rules: UploadRules) throws -> CleanedImage {
        let code = format.shimCode
        var reason = [CChar](repeating: 0, count: 256)
        var width: Int32 = 0, height: Int32 = 0
        let probed = bytes.withUnsafeBytes { raw in
            wildcat_image_probe(raw.baseAddress, raw.count, code, &width, &height, &reason, reason.count)
        }
        guard probed == 0 else {
            throw InputError(field: "file", "The file could not be read as a \(format.name) image.")
        }
        try rules.check(width: Int(width), height: Int(height))
        var image = wildcat_image()
        let cleaned = bytes.withUnsafeBytes { raw in
            wildcat_image_clean(raw.baseAddress, raw.count, code, Int32(rules.servedSide), &image, &reason, reason.count)
        }
        defer { wildcat_image_free(&image) }
        guard cleaned == 0, let data = image.data else {
            throw InputError(field: "file", "The \(format.name) image is damaged or incomplete and could not be decoded.")
        }
        return CleanedImage(bytes: Array(UnsafeBufferPointer(start: data, count: image.length)), width: Int(image.width), height: Int(image.height))
    }
}

/// libvips could not start: the server should not run without its photo cleaner.
public struct ImageLibraryUnavailable: Error, CustomStringConvertible {
    public var description: String { "libvips could not be started (is Debian's libvips42 installed?)" }
}

extension ImageFormat {
    var shimCode: wildcat_image_format {
        switch self {
        case .jpeg: return WILDCAT_JPEG
        case .png: return WILDCAT_PNG
        case .webp: return WILDCAT_WEBP
        }
    }
}
