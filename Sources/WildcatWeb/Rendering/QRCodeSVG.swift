import CQRencode

/// A QR code as inline SVG, drawn from Debian's libqrencode: an invite link to scan from a phone
/// in the break room. Error correction M (15 %); a quiet zone of 4 modules, as the standard asks.
enum QRCodeSVG {
    static let quietZone = 4

    /// nil only if the text cannot be encoded (too long for any QR version).
    static func svg(_ text: String, label: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        // One path for all dark modules, a rectangle per horizontal run.
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard modules[y * width + x] & 1 != 0 else { x += 1; continue }
                let start = x
                while x < width, modules[y * width + x] & 1 != 0 { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let size = width + 2 * quietZone
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" class="qr" role="img" aria-label="\(label)" \
            shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
