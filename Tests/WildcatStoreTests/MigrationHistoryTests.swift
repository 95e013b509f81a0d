import Testing
@testable import WildcatStore

/// Released migrations are history: a database made by an earlier release has run them as they
/// were. Changing one would leave that database different from a new one, silently. Add a new
/// migration instead; when a release ships, add its digest here.
@Suite struct MigrationHistoryTests {
    static let released: [Int: String] = [
        1: "",
        2: "",
        3: "",
        4: "",
    ]

    @Test func releasedMigrationsAreNeverEdited() {
        for migration in Migrations.all {
            guard let expected = Self.released[migration.id] else { continue }
            #expect(Migrations.digest(migration) == expected, "migration \(migration.id) (\(migration.name)) was edited after release")
        }
    }

    @Test func migrationsAreNumberedInOrderWithoutGaps() {
        #expect(Migrations.all.map(\.id) == Array(1...Migrations.all.count))
        #expect(Set(Migrations.all.map(\.id)).isSuperset(of: Self.released.keys))
    }
}
