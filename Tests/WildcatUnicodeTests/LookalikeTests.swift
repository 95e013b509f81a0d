import Testing
import WildcatDomain
import WildcatUnicode

@Suite struct LookalikeTests {
    let spoofing = ICUSpoofing()

    private func skeleton(_ name: String) throws -> String {
        try DistinctPseudonym(try Pseudonym(name), spoofing: spoofing).skeleton
    }

    @Test func namesThatLookTheSameShareASkeleton() throws {
        let rosa = try skeleton("Rosa")
        // Cyrillic о (U+043E) alone is a whole-script lookalike of Latin o: one script, same skeleton.
        #expect(spoofing.skeleton(Pseudonym.fold("R\u{043E}sa")) == rosa)
        #expect(try skeleton("ROSA") == rosa)
        #expect(try skeleton("Carn") == skeleton("Cam"))
        #expect(try skeleton("Rosa") != skeleton("Rose"))
    }

    @Test func mixedScriptsAreRefusedAndSingleScriptsAccepted() throws {
        #expect(throws: InputError.self) { try skeleton("R\u{043E}sa") }   // Latin with a Cyrillic o
        #expect(throws: InputError.self) { try skeleton("Ma\u{0440}ia") }  // Latin with a Cyrillic r
        for name in ["Мария", "Łucja", "Zoë", "O'Brien", "行動", "night_shift-7", "Ana 2"] {
            _ = try skeleton(name)
        }
    }
}
