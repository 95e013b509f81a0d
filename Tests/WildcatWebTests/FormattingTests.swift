import Foundation
import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite struct FormattingTests {
    @Test func timesAreFormattedInUTCWithoutFoundationFormatters() {
        #expect(TimeText.iso(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(TimeText.iso(Date(timeIntervalSince1970: 1_795_712_709)) == "2026-11-26T17:05:09Z")
        #expect(TimeText.iso(Date(timeIntervalSince1970: 1_709_208_000)) == "2024-02-29T12:00:00Z")
        #expect(TimeText.iso(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(TimeText.text(Date(timeIntervalSince1970: 1_709_208_000)) == "Feb 29, 2024, 12:00 UTC")
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
}

@Suite struct TemplateTests {
    private func message(_ body: String) -> Message {
        Message(id: ID("m7"), position: 7, channelID: ID("c"), assemblyID: ID("a"), authorID: ID("u"), author: "Ann", threadRoot: nil, body: body,
                createdAt: Date(timeIntervalSince1970: 0), editedAt: nil, deleted: false, replyCount: 0)
    }

    @Test func messagesEscapeTextLinksAndMentions() async throws {
        let pages = try await Pages.load()
        let html = pages.fragment("partials/message", MessageItem(message("<img src=x onerror=alert(1)> **b** https://x.org/?a=\"1\"&b=<2> @a\"b"), own: false))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("<strong>b</strong>"))
        #expect(html.contains(#"href="https://x.org/?a=" rel="noopener noreferrer nofollow""#))   // a quote ends the URL
        #expect(html.contains("&quot;"))
    }

    /// Mustache's own escaping compares whole characters: a quote followed by a combining mark is
    /// one character it does not know, and would end an attribute. Ours escapes every scalar.
    @Test func aQuoteWithACombiningMarkCannotEndAnAttribute() async throws {
        let pages = try await Pages.load()
        let hostile = "https://x.org/\"\u{301} onmouseover=alert(1) x=\"\u{301}"
        let html = pages.fragment("partials/message", MessageItem(message(hostile), own: false))
        let raw = "\"\u{301}", escaped = "&quot;\u{301}"
        #expect(!html.contains(raw))
        #expect(html.contains(escaped))
        let marked = ScalarHTMLEscaping().escapeText("<\u{301}'\u{301}&")
        let expected = "&lt;\u{301}&#39;\u{301}&amp;"
        #expect(marked == expected)
    }

    @Test func everyTemplateEscapesByScalar() throws {
        let folder = try ResourceFiles.base().appendingPathComponent("templates")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
        #expect(files.count > 15)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasPrefix("{{% CONTENT_TYPE: \(ScalarHTMLEscaping.name)}}\n"), "\(file)")
        }
    }

    @Test func resultsWithNoBallotsSaySoInsteadOfAnEmptyTable() async throws {
        let pages = try await Pages.load()
        func render(_ result: TallyResult) -> String { pages.fragment("partials/result", ResultItem(result)) }
        let empty = try Tally.tally(Election(method: .stv, options: ["Ana", "Bo"], seats: 1))
        #expect(render(empty) == "<p>No valid ballots yet: nothing to count.</p>")
        // Instant runoff shows its first round, every option at 0.
        let irv = render(try Tally.tally(Election(method: .irv, options: ["Ana", "Bo"])))
        #expect(irv.contains("<th scope=\"row\">Ana</th><td>0</td>"))
        let counted = try Tally.tally(Election(method: .stv, options: ["Ana", "Bo"], seats: 1, ballots: [(.ranking(["Bo"]), 2)]))
        let html = render(counted)
        #expect(html.contains("<th scope=\"row\">Bo</th>") && html.contains("<th scope=\"row\">Ana</th>"))
        let motion = render(try Tally.tally(Election(method: .consent, ballots: [(.consent(.block), 1)])))
        #expect(motion.contains("Threshold: more than 1/2 of 0 votes counted; <strong>blocked</strong>."))
    }

    @Test func roundsStackOnAPhoneAndChartLabelsSitAboveTheirBars() async throws {
        let pages = try await Pages.load()
        let irv = try Tally.tally(Election(method: .irv, options: ["Ana", "Bo", "Cy"],
                                           ballots: [(.ranking(["Ana"]), 2), (.ranking(["Bo"]), 2), (.ranking(["Cy", "Bo"]), 1)]))
        let html = pages.fragment("partials/result", ResultItem(irv))
        // The wide table for larger screens, and the same rounds one under another for a phone.
        #expect(html.contains(#"<table class="working wide-only">"#))
        #expect(html.contains(#"<div class="stacked narrow-only">"#))
        #expect(html.contains("<h3>Round 1</h3>") && html.contains("<h3>Round 2</h3>"))
        #expect(html.contains("<dt>Cy</dt><dd>1 ✗</dd>"))
        // Each label on its own line above its bar, in a drawing about a phone's width.
        let chart = ResultItem.chart([("A long option name that fits", 3), ("B", 1)], caption: "Votes")
        #expect(chart.viewBox == "0 0 340 96")
        for bar in chart.bars { #expect(bar.textY < bar.y) }
        #expect(chart.bars[0].label == "A long option name that fits")
    }
}
