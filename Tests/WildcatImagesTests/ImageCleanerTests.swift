import Foundation
import Testing
import WildcatDomain
@testable import WildcatImages

private func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
    let needle = Array(text.utf8)
    guard bytes.count >= needle.count else { return false }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
}

@Suite struct ImageCleanerTests {
    let cleaner: ImageCleaner

    init() throws { cleaner = try ImageCleaner(rules: UploadRules()) }

    @Test func aPhonePhotoLosesItsLocationDeviceAndTimeAndIsTurnedUpright() async throws {
        let original = try fixture("gps.jpg")
        // The fixture does carry them: the test would pass for nothing otherwise.
        #expect(contains(original, "Exif") && contains(original, "Fairphone") && contains(original, "informer-test"))
        let cleaned = try await cleaner.clean(original, as: .jpeg)
        #expect(ImageFormat.sniff(cleaned.bytes) == .jpeg)
        for marker in ["Exif", "Fairphone", "informer-test", "2026:11:27", "http://ns.adobe.com/xap"] {
            #expect(!contains(cleaned.bytes, marker), "\(marker) survived")
        }
        // No APP1 (EXIF, XMP) segment at all.
        #expect(!zip(cleaned.bytes, cleaned.bytes.dropFirst()).contains { $0 == 0xFF && $1 == 0xE1 })
        // The orientation tag said "turn 90°": the pixels are turned instead, as the tag goes.
        #expect(cleaned.width == 900 && cleaned.height == 1200)
    }

    @Test func largePhotosAreShrunkToTheServedSideNeverEnlarged() async throws {
        let small = try ImageCleaner(rules: UploadRules(servedSide: 600))
        let cleaned = try await small.clean(try fixture("gps.jpg"), as: .jpeg)
        #expect(cleaned.width == 450 && cleaned.height == 600)
        let png = try await cleaner.clean(try fixture("plain.png"), as: .png)
        #expect(png.width == 64 && png.height == 48 && ImageFormat.sniff(png.bytes) == .png)
        let webp = try await cleaner.clean(try fixture("plain.webp"), as: .webp)
        #expect(webp.width == 64 && webp.height == 48 && ImageFormat.sniff(webp.bytes) == .webp)
    }

    @Test func aDecompressionBombIsRefusedFromItsHeader() async throws {
        let bomb = try fixture("bomb.png")
        #expect(bomb.count < 1000)
        await #expect(throws: InputError(field: "file", "The image is 100000 × 100000 pixels; at most 50 megapixels and 16384 pixels a side can be sent.")) {
            try await cleaner.clean(bomb, as: .png)
        }
    }

    @Test func anImageWithASideTooLongIsRefused() async throws {
        await #expect(throws: InputError.self) { try await cleaner.clean(try fixture("wide.jpg"), as: .jpeg) }
    }

    @Test func bytesThatAreNotTheFormatOrAreCutShortAreRefused() async throws {
        let photo = try fixture("gps.jpg")
        await #expect(throws: InputError(field: "file", "The file could not be read as a PNG image.")) { try await cleaner.clean(photo, as: .png) }
        let pdfAsJPEG = [0xFF, 0xD8, 0xFF] + Array("%PDF-1.7 not a photo".utf8)
        await #expect(throws: InputError.self) { try await cleaner.clean(pdfAsJPEG, as: .jpeg) }
        await #expect(throws: InputError.self) { try await cleaner.clean(Array(photo.prefix(photo.count / 2)), as: .jpeg) }
    }
}
