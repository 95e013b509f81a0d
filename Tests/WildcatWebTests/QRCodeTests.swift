import Testing
@testable import WildcatWeb

/// The QR code's drawing (a real reader decodes it in tests/browser/test_invite_qr.py).
@Suite struct QRCodeTests {
    @Test func anInviteLinkBecomesASquareSVGWithAQuietZoneAndNothingElseOfTheLink() throws {
        let link = "https://wildcat.example.org/join/nqpfIkfs8FKum0mGMeGEgDY_XxQCaA6uqp76eNlH3YY"
        let svg = try #require(QRCodeSVG.svg(link, label: "QR code of the invite link"))
        // 73 bytes at level M need version 5: 37 modules, plus 4 on each side.
        #expect(svg.contains(#"viewBox="0 0 45 45""#))
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(!svg.contains("join") && !svg.contains("wildcat.example.org"))
        // The finder pattern's top row: seven dark modules from the quiet zone's corner.
        #expect(svg.contains("M4 4h7v1h-7z"))
        // Deterministic: the same link, the same drawing.
        #expect(QRCodeSVG.svg(link, label: "QR code of the invite link") == svg)
    }

    @Test func textTooLongForAnyVersionGivesNoCode() {
        #expect(QRCodeSVG.svg(String(repeating: "x", count: 4000), label: "x") == nil)
    }
}
