import Foundation
import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite struct FormattingTests {
    @Test func clockFormatsUTCWithoutFoundationFormatters() {
        #expect(Clock.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Clock.iso(Date(timeIntervalSince1970: 1_795_712_709)) == "2026-11-26T17:05:09Z")
        #expect(Clock.iso(Date(timeIntervalSince1970: 1_709_208_000)) == "2024-02-29T12:00:00Z")
        #expect(Clock.iso(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(Clock.text(Date(timeIntervalSince1970: 1_709_208_000)) == "Feb 29, 2024, 12:00 UTC")
    }

    @Test func liveFrameJSONEscapesEverything() throws {
        let quoted = JSONObject.quote("a\"b\\c\n</script>\u{1}\u{2028}")
        #expect(quoted == #""a\"b\\c\n\u003c/script>\u0001\u2028""#)
        var object = JSONObject()
        object.add("text", "<b>x</b>")
        object.add("n", Int64(5))
        object.add("yes", true)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(object.text.utf8)) as? [String: Any])
        #expect(parsed["text"] as? String == "<b>x</b>")
        #expect(parsed["n"] as? Int == 5)
        #expect(parsed["yes"] as? Bool == true)
    }

    @Test func messageHTMLEscapesTextLinksAndMentions() {
        let html = MessageHTML.body("<img src=x onerror=alert(1)> **b** https://x.org/?a=\"1\"&b=<2> @a\"b")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("<strong>b</strong>"))
        #expect(html.contains(#"href="https://x.org/?a=" rel="noopener noreferrer nofollow""#))   // a quote ends the URL
        #expect(html.contains("&quot;"))
    }
}

@Suite struct ResultHTMLTests {
    @Test func countsWithNoBallotsSaySoInsteadOfAnEmptyTable() throws {
        let empty = try Tally.tally(Election(method: .stv, options: ["Ana", "Bo"], seats: 1))
        #expect(ResultHTML.render(empty) == ResultHTML.nothingToCount)
        // Instant runoff shows its first round, every option at 0.
        let irv = ResultHTML.render(try Tally.tally(Election(method: .irv, options: ["Ana", "Bo"])))
        #expect(irv.contains("<th scope=\"row\">Ana</th><td>0</td>"))
        let counted = try Tally.tally(Election(method: .stv, options: ["Ana", "Bo"], seats: 1, ballots: [(.ranking(["Bo"]), 2)]))
        let html = ResultHTML.render(counted)
        #expect(html.contains("<th scope=\"row\">Bo</th>") && html.contains("<th scope=\"row\">Ana</th>"))
    }
}
