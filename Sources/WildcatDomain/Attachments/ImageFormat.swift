/// The photo formats Wildcat decodes and cleans. Told by the file's first bytes, never by its
/// name or the type the sender's device claims.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable {
    case jpeg, png, webp

    public var mediaType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        }
    }

    public var name: String {
        switch self {
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .webp: return "WebP"
        }
    }

    /// The format the bytes begin as, if one of these.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(16))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    /// Image formats that carry metadata Wildcat cannot strip, since it does not decode them:
    /// named so that they are refused rather than passed on untouched as files.
    public static func otherImage(_ bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(16))
        if head.starts(with: Array("GIF8".utf8)) { return "GIF" }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if head.starts(with: Array("BM".utf8)) && head.count >= 14 { return "BMP" }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(brand) { return "HEIC" }
            if ["avif", "avis"].contains(brand) { return "AVIF" }
        }
        return nil
    }

    /// Which of these formats a name's extension or a declared media type claims, if any.
    static func claimed(extension ext: String, mediaType: String?) -> ImageFormat? {
        switch mediaType?.lowercased() {
        case "image/jpeg", "image/jpg", "image/pjpeg": return .jpeg
        case "image/png", "image/x-png": return .png
        case "image/webp": return .webp
        default: break
        }
        switch ext {
        case "jpg", "jpeg", "jpe": return .jpeg
        case "png": return .png
        case "webp": return .webp
        default: return nil
        }
    }
}
