import Testing
@testable import WildcatDomain

private let jpegHead: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8)
private let pngHead: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
private let webpHead: [UInt8] = Array("RIFF".utf8) + [1, 2, 3, 4] + Array("WEBPVP8 ".utf8)
private let pdfHead: [UInt8] = Array("%PDF-1.7\n%âãÏÓ".utf8)

private func name(_ text: String) throws -> AttachmentName { try AttachmentName(text) }

@Suite struct UploadRulesTests {
    let rules = UploadRules(maxBytes: 1000, maxPixels: 100, maxSide: 20, servedSide: 10)

    @Test func photosAreKnownByTheirBytesWhateverTheirName() throws {
        #expect(try rules.take(name: name("IMG_1.jpg"), declaredType: "image/jpeg", size: 10, head: jpegHead) == .image(.jpeg))
        #expect(try rules.take(name: name("shot.png"), declaredType: nil, size: 10, head: pngHead) == .image(.png))
        #expect(try rules.take(name: name("s.webp"), declaredType: "image/webp", size: 10, head: webpHead) == .image(.webp))
        // A photo renamed to pass as a file is still cleaned.
        #expect(try rules.take(name: name("notes.bin"), declaredType: "application/octet-stream", size: 10, head: jpegHead) == .image(.jpeg))
        #expect(try rules.take(name: name("memo.pdf"), declaredType: "application/pdf", size: 10, head: pdfHead) == .file)
    }

    @Test func aFileLyingAboutItsTypeIsRefused() throws {
        #expect(throws: InputError(field: "file", "The file says it is a JPEG image, but it is not one.")) {
            try rules.take(name: name("rota.jpg"), declaredType: "image/jpeg", size: 10, head: pdfHead)
        }
        #expect(throws: InputError(field: "file", "The file says it is a PNG image, but it is not one.")) {
            try rules.take(name: name("memo.pdf"), declaredType: "image/png", size: 10, head: pdfHead)
        }
        #expect(throws: InputError(field: "file", "The file says it is a JPEG image, but it is a PNG image.")) {
            try rules.take(name: name("rota.jpeg"), declaredType: nil, size: 10, head: pngHead)
        }
    }

    @Test func imagesThatCannotBeCleanedAreRefusedNotPassedOn() throws {
        let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]
        let heic: [UInt8] = [0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0]
        let gif: [UInt8] = Array("GIF89a".utf8)
        for (head, kind) in [(tiff, "TIFF"), (heic, "HEIC"), (gif, "GIF")] {
            #expect(throws: InputError(field: "file", "\(kind) images cannot be cleaned of their metadata here; send the photo as JPEG, PNG or WebP.")) {
                try rules.take(name: name("scan.dat"), declaredType: nil, size: 10, head: head)
            }
        }
    }

    @Test func theSizeLimitIsInclusive() throws {
        #expect(try rules.take(name: name("a.pdf"), declaredType: nil, size: 1000, head: pdfHead) == .file)
        #expect(throws: InputError.self) { try rules.take(name: name("a.pdf"), declaredType: nil, size: 1001, head: pdfHead) }
        #expect(throws: InputError(field: "file", "The file is empty.")) { try rules.take(name: name("a.pdf"), declaredType: nil, size: 0, head: []) }
        let real = UploadRules()
        #expect(throws: InputError(field: "file", "The file is larger than 10 MB, the most that can be sent.")) {
            try real.take(name: name("a.pdf"), declaredType: nil, size: 10 * 1024 * 1024 + 1, head: pdfHead)
        }
        #expect(try real.take(name: name("a.pdf"), declaredType: nil, size: 10 * 1024 * 1024, head: pdfHead) == .file)
    }

    @Test func pixelsAreLimitedBySideAndByCountAtTheirBoundaries() throws {
        try rules.check(width: 10, height: 10)
        try rules.check(width: 20, height: 5)
        #expect(throws: InputError.self) { try rules.check(width: 21, height: 1) }
        #expect(throws: InputError.self) { try rules.check(width: 1, height: 21) }
        #expect(throws: InputError.self) { try rules.check(width: 11, height: 10) }
        #expect(throws: InputError.self) { try rules.check(width: 0, height: 10) }
        #expect(throws: InputError.self) { try UploadRules().check(width: 100_000, height: 100_000) }
    }

    @Test func namesThatReachOutsideAFolderOrHideTheirKindAreRefused() throws {
        #expect(try name("Rota März.pdf").value == "Rota März.pdf")
        #expect(try name("minutes.tar.gz").fileExtension == "gz")
        #expect(try name(".profile").fileExtension == "")
        for bad in ["../../etc/passwd", "a/b.pdf", "a\\b.pdf", "..", ".", "", "   ", "memo\u{202E}fdp.exe", "line\nbreak.txt", "nul\u{0}.pdf",
                    "zero\u{200B}width.pdf", String(repeating: "x", count: 121)] {
            #expect(throws: InputError.self, "\(bad.debugDescription)") { try name(bad) }
        }
        #expect(try name(String(repeating: "x", count: 120)).value.count == 120)
    }
}
