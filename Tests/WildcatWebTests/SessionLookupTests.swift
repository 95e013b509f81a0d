import Testing
import WildcatDomain
@testable import WildcatWeb

@Suite struct SessionLookupTests {
    @Test func theAssemblyAPathIsUnderIsFoundForPagesAndTheAPIOnly() {
        let id = String(repeating: "x", count: 64)
        let cases: [(String, String?)] = [
            ("/a/abc", "abc"), ("/a/abc/", "abc"), ("/a/abc/proposals/p1", "abc"),
            ("/api/v1/assemblies/abc", "abc"), ("/api/v1/assemblies/abc/proposals/p1/ballot", "abc"),
            ("/a/\(id)/chat", id), ("/a/\(id)x/chat", nil),
            ("/", nil), ("", nil), ("/a", nil), ("/a/", nil), ("/a//chat", nil), ("/b/abc", nil), ("/x/a/abc", nil),
            ("/api/v1/assemblies", nil), ("/api/v1/assemblies/", nil), ("/api/v2/assemblies/abc", nil), ("/api/v1/accounts/abc", nil),
            ("/assemblies/abc", nil),
        ]
        for (path, expected) in cases {
            #expect(SessionLookup.assembly(underPath: path)?.rawValue == expected, "\(path)")
        }
    }
}
