import Testing
import WildcatDomain

@Suite struct NamesTests {
    @Test(arguments: ["Jo", "Ann Lee", "night_shift-7", "Zoë", "O'Brien", "Łucja", "行動"])
    func acceptableePseudonyms(_ name: String) throws {
        #expect(try Pseudonym(name).value == name)
    }

    @Test(arguments: ["", " ", "a", String(repeating: "x", count: 33), "<script>", "a&b", "ann\u{202E}eel", "tab\tname", "two  spaces", "emoji😀"])
    func refusedPseudonyms(_ name: String) {
        #expect(throws: InputError.self) { try Pseudonym(name) }
    }

    @Test func pseudonymLengthBoundaries() throws {
        #expect(throws: InputError.self) { try Pseudonym("x") }
        _ = try Pseudonym("xy")
        _ = try Pseudonym(String(repeating: "x", count: 32))
    }

    @Test func pseudonymsCollideIgnoringCaseSpacesAndCompatibilityForms() throws {
        #expect(try Pseudonym("Ann Lee").key == Pseudonym("annlee").key)
        #expect(try Pseudonym("ＡＮＮ").key == Pseudonym("ann").key) // full-width letters
        #expect(try Pseudonym("  Bob ").value == "Bob")
    }

    @Test func assemblyNames() throws {
        #expect(try AssemblyName("  Store 14 workers & friends ").value == "Store 14 workers & friends")
        _ = try AssemblyName(String(repeating: "n", count: 80))
        #expect(throws: InputError.self) { try AssemblyName(String(repeating: "n", count: 81)) }
        #expect(throws: InputError.self) { try AssemblyName("   ") }
        #expect(throws: InputError.self) { try AssemblyName("<b>bold</b>") }
        #expect(throws: InputError.self) { try AssemblyName("line\nbreak") }
        #expect(throws: InputError.self) { try AssemblyName("rtl\u{202E}override") }
    }

    @Test func passphraseBoundaries() throws {
        #expect(throws: InputError.self) { try Passphrase(String(repeating: "p", count: 11)) }
        _ = try Passphrase(String(repeating: "p", count: 12))
        _ = try Passphrase(String(repeating: "p", count: 256))
        #expect(throws: InputError.self) { try Passphrase(String(repeating: "p", count: 257)) }
        #expect(throws: InputError.self) { try Passphrase(String(repeating: " ", count: 20)) }
        #expect(throws: InputError.self) { try Passphrase("correct horse\u{0}battery") }
    }
}
