/// What an upload may be, and what it is taken as. Pure: the bytes' first few, their count, the
/// name and the type the sender claims; decoding is the image library's.
public struct UploadRules: Sendable, Hashable {
    /// The largest upload, photo or file, as sent.
    public var maxBytes: Int
    /// A photo may declare at most this many pixels (a 50-megapixel camera's), and no side longer
    /// than `maxSide`: a small file declaring more is a decompression bomb, refused from its header.
    public var maxPixels: Int
    public var maxSide: Int
    /// Photos are shrunk to fit this many pixels on their longer side: enough to read a rota.
    public var servedSide: Int

    public init(maxBytes: Int = 10 * 1024 * 1024, maxPixels: Int = 50_000_000, maxSide: Int = 16_384, servedSide: Int = 2_560) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.maxSide = maxSide
        self.servedSide = servedSide
    }

    public enum Taken: Sendable, Hashable {
        case image(ImageFormat)
        case file
    }

    /// Whether the upload is a photo to clean or a file to keep, or why it is refused. A file
    /// whose bytes are a photo is cleaned whatever its name, so that no photo reaches others
    /// with its location; a name or type claiming an image the bytes are not is a lie, refused.
    public func take(name: AttachmentName, declaredType: String?, size: Int, head: some Collection<UInt8>) throws(InputError) -> Taken {
        guard size > 0 else { throw InputError(field: "file", "The file is empty.") }
        guard size <= maxBytes else {
            throw tooLarge
        }
        if let other = ImageFormat.otherImage(head) {
            throw InputError(field: "file", "\(other) images cannot be cleaned of their metadata here; send the photo as JPEG, PNG or WebP.")
        }
        let claimed = ImageFormat.claimed(extension: name.fileExtension, mediaType: declaredType)
        guard let format = ImageFormat.sniff(head) else {
            if let claimed {
                throw InputError(field: "file", "The file says it is a \(claimed.name) image, but it is not one.")
            }
            return .file
        }
        if let claimed, claimed != format {
            throw InputError(field: "file", "The file says it is a \(claimed.name) image, but it is a \(format.name) image.")
        }
        return .image(format)
    }

    /// Refuses, from the header alone, a photo too large to decode safely.
    public func check(width: Int, height: Int) throws(InputError) {
        guard width > 0, height > 0 else { throw InputError(field: "file", "The image has no pixels.") }
        // Each side is checked first, so the product cannot overflow.
        guard width <= maxSide, height <= maxSide, width * height <= maxPixels else {
            throw InputError(field: "file", "The image is \(width) × \(height) pixels; at most \(maxPixels / 1_000_000) megapixels and \(maxSide) pixels a side can be sent.")
        }
    }

    /// Said of a file over `maxBytes`, whether judged here or from the request's length.
    public var tooLarge: InputError {
        let tenths = (maxBytes * 10 + 1024 * 1024 / 2) / (1024 * 1024)
        let size = tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10).\(tenths % 10) MB"
        return InputError(field: "file", "The file is larger than \(size), the most that can be sent.")
    }
}
