import Foundation
import Testing
@testable import WildcatWeb

@Suite struct LanguageTests {
    @Test func pluralFormsFollowEachLanguagesRulesAtTheirBoundaries() {
        let cases: [(String, Int, PluralRules.Category)] = [
            ("en", 0, .other), ("en", 1, .one), ("en", 2, .other),
            ("de", 1, .one), ("de", 0, .other),
            // "0 membre", "1 membre", "2 membres", "1 000 000 de membres"
            ("fr", 0, .one), ("fr", 1, .one), ("fr", 2, .other), ("fr", 999_999, .other), ("fr", 1_000_000, .many), ("fr", 2_000_000, .many), ("fr", 1_000_001, .other),
            ("es", 0, .other), ("es", 1, .one), ("es", 1_000_000, .many), ("it", 1, .one), ("it", 0, .other), ("it", 3_000_000, .many),
            // Polish: 1 członek, 2–4 członków… (few), 5 członków (many), 12–14 many, 22–24 few
            ("pl", 1, .one), ("pl", 2, .few), ("pl", 4, .few), ("pl", 5, .many), ("pl", 11, .many), ("pl", 12, .many), ("pl", 14, .many),
            ("pl", 21, .many), ("pl", 22, .few), ("pl", 24, .few), ("pl", 0, .many), ("pl", 112, .many), ("pl", 122, .few),
            ("ar", 0, .zero), ("ar", 1, .one), ("ar", 2, .two), ("ar", 3, .few), ("ar", 10, .few), ("ar", 11, .many), ("ar", 99, .many),
            ("ar", 100, .other), ("ar", 102, .other), ("ar", 103, .few), ("ar", 111, .many),
        ]
        for (language, n, category) in cases {
            #expect(PluralRules.category(of: n, in: language) == category, "\(language) \(n)")
            #expect(PluralRules.categories(language).contains(category), "\(language) has no \(category)")
        }
        #expect(PluralRules.form(of: 5, in: "pl") == 2)
        #expect(PluralRules.form(of: 0, in: "ar") == 0 && PluralRules.form(of: 100, in: "ar") == 5)
    }

    @Test func aCatalogIsReadAsGettextWritesIt() throws {
        let po = #"""
        # header
        msgid ""
        msgstr ""
        "Language: fr\n"

        #: templates/a.mustache:3
        msgid "Sign in"
        msgstr "Se connecter"

        msgctxt "button"
        msgid "Join"
        msgstr "Rejoindre"

        msgid ""
        "A long "
        "text with \"quotes\"\n"
        msgstr "Un long "
        "texte avec « guillemets »\n"

        #, fuzzy
        msgid "Guessed"
        msgstr "Deviné"

        msgid "Not yet"
        msgstr ""

        msgid "{{count}} member"
        msgid_plural "{{count}} members"
        msgstr[0] "{{count}} membre"
        msgstr[1] "{{count}} de membres"
        msgstr[2] "{{count}} membres"
        """#
        let catalog = try Catalog(language: "fr", po: po)
        #expect(catalog.messages["Sign in"] == ["Se connecter"])
        #expect(catalog.messages[Catalog.key("button", "Join")] == ["Rejoindre"])
        #expect(catalog.messages["Join"] == nil)
        #expect(catalog.messages["A long text with \"quotes\"\n"] == ["Un long texte avec « guillemets »\n"])
        #expect(catalog.messages["Guessed"] == nil, "a fuzzy entry is a guess, not a translation")
        #expect(catalog.messages["Not yet"] == nil)
        #expect(catalog.messages.count == 4)

        let translations = Translations(catalogs: ["fr": catalog])
        #expect(translations.plural("{{count}} member", "{{count}} members", count: 0, in: "fr") == "0 membre")
        #expect(translations.plural("{{count}} member", "{{count}} members", count: 1, in: "fr") == "1 membre")
        #expect(translations.plural("{{count}} member", "{{count}} members", count: 2, in: "fr") == "2 membres")
        #expect(translations.plural("{{count}} member", "{{count}} members", count: 1_000_000, in: "fr") == "1\u{202F}000\u{202F}000 de membres")
        #expect(translations.plural("{{count}} member", "{{count}} members", count: 0, in: "en") == "0 members")
        #expect(translations.text("Not yet", in: "fr") == "Not yet")
    }

    @Test func aBrokenCatalogIsRefusedWithItsLine() {
        for (po, line) in [("msgid \"a\"\nmsgstr \"b\n", 2), ("msgid \"a\"\nmsgfoo \"b\"\n", 2), ("\"orphan\"\n", 1), ("msgid \"a\\q\"\n", 1)] {
            #expect { _ = try Catalog(language: "fr", po: po) } throws: { ($0 as? Catalog.ParseError)?.line == line }
        }
    }

    @Test func theReadersLanguageComesFromTheBrowsersList() {
        let available: Set = ["en", "fr", "es", "it", "de"]
        #expect(Language.negotiate("fr-CA,fr;q=0.9,en;q=0.8", among: available) == "fr")
        #expect(Language.negotiate("pt-BR, es;q=0.5, en;q=0.4", among: available) == "es")
        #expect(Language.negotiate("en;q=0.2, de;q=0.9", among: available) == "de")
        #expect(Language.negotiate("de;q=0, it", among: available) == "it")
        #expect(Language.negotiate("*, ja", among: available) == "en")
        #expect(Language.negotiate("", among: available) == "en")
        #expect(Language.negotiate(nil, among: available) == "en")
        #expect(Language.negotiate("es_ES", among: available) == "es")
        #expect(Language.direction(of: "ar") == "rtl" && Language.direction(of: "fr") == "ltr")
    }

    @Test func everyShippedCatalogReadsAndEveryTemplateTranslates() async throws {
        let translations = try Translations.load()
        #expect(translations.languages.isSuperset(of: ["en", "fr", "es", "it", "de", "ar"]))
        let pages = try await Pages.load()
        let french = Language.$current.withValue("fr") { pages.fragment("login", PlainPage(chrome: PageChrome(me: nil, csrf: ""))) }
        #expect(french.contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(french.contains("<h1>Se connecter</h1>") && !french.contains("{{"))
        let arabic = Language.$current.withValue("ar") { pages.fragment("login", PlainPage(chrome: PageChrome(me: nil, csrf: ""))) }
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        let english = pages.fragment("login", PlainPage(chrome: PageChrome(me: nil, csrf: "")))
        #expect(english.contains("<html lang=\"en\" dir=\"ltr\">") && english.contains("<h1>Sign in</h1>"))
        #expect(throws: TemplateText.Unclosed.self) { _ = try TemplateText.translate("a {{#t}}b", named: "x", into: "fr", with: translations) }
    }
}
