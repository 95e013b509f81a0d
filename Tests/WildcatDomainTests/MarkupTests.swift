import Testing
import WildcatDomain

@Suite struct MarkupTests {
    @Test func paragraphsQuotesAndLineBreaks() {
        let blocks = Markup.parse("first line\nsecond\n\n> quoted\n> more\n\nlast")
        #expect(blocks == [
            .paragraph([.text("first line"), .lineBreak, .text("second")]),
            .quote([[.text("quoted"), .lineBreak, .text("more")]]),
            .paragraph([.text("last")]),
        ])
    }

    @Test func emphasisNeedsClosingMarksOnTheSameLine() {
        #expect(Markup.parse("**bold** and *it* and _it_") == [.paragraph([.bold([.text("bold")]), .text(" and "), .italic([.text("it")]), .text(" and "), .italic([.text("it")])])])
        #expect(Markup.parse("2 * 3 * 4") == [.paragraph([.text("2 * 3 * 4")])])
        #expect(Markup.parse("snake_case_name") == [.paragraph([.text("snake_case_name")])])
        #expect(Markup.parse("**unclosed") == [.paragraph([.text("**unclosed")])])
    }

    @Test func linksStopAtPunctuationAndOnlyHTTP() {
        #expect(Markup.parse("see https://example.org/a?b=1.") == [.paragraph([.text("see "), .link(url: "https://example.org/a?b=1"), .text(".")])])
        #expect(Markup.parse("javascript:alert(1) ftp://x") == [.paragraph([.text("javascript:alert(1) ftp://x")])])
        #expect(Markup.parse("http://") == [.paragraph([.text("http://")])])
    }

    @Test func mentionsAreFoldedAndDeduplicated() {
        #expect(Markup.mentions(in: "@Ann hi @ann, @Bob.Ray. mail a@b.c") == ["ann", "bob.ray"])
        #expect(Markup.mentions(in: "> @quoted person") == ["quoted"])
        #expect(Markup.mentions(in: "@x alone") == [])   // one letter is not a pseudonym
    }

    @Test func messageTextLimits() throws {
        #expect(throws: InputError.self) { try MessageText("  \n ") }
        #expect(throws: InputError.self) { try MessageText(String(repeating: "a", count: 4001)) }
        #expect(try MessageText(String(repeating: "a", count: 4000)).value.count == 4000)
        #expect(try MessageText("a\r\nb").value == "a\nb")
        #expect(throws: InputError.self) { try MessageText("bell\u{7}") }
    }
}
