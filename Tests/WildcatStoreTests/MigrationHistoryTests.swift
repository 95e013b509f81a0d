import Testing
@testable import WildcatStore

/// Released migrations are history: a database made by an earlier release has run them as they
/// were. Changing one would leave that database different from a new one, silently. Add a new
/// migration instead; when a release ships, add its digest here.
@Suite struct MigrationHistoryTests {
    static let released: [Int: String] = [
        1: "d9dd791db3ef72f367a7f966254c7fe30093d9eaa9f8a91ae871d12b84761649",
        2: "2860d86706e39afb1d86c33322a2ab040d105e76a73521e1c17bb82ee9ae77d1",
        3: "e2da445d9c2e3020def54995f390597293bd5caa67b36ec3df813f8e835de5a4",
        4: "38e8a4f5f7658a29e7e9dccb833e78b988ffa21856b65acce1fb92fb88fd9c73",
        5: "4261b412f358b072c52ecd972369a75cc89c14e9a714da63c90c93d167a27c29",
        6: "c53a7aef53ce27e7f894ba5f4f9fc82d5d1a7625f4a5a7d9782a3786ff37ab81",
        7: "9e397e859e74f85613ac5c543ac29189d76b23bf88111358cd199bd6c0a107ce",
        8: "aa2574ec0998777d593d93325ebabd97b0c2535430dc59608861894a0ccaa3ea",
        9: "d2b721c798868ca0ed9302e96a364d1fcba1edb8aff130ea3615650ce61d92bf",
        10: "3014e64e9ecc19bce093e1ce74a47a8791543da5e7c717d166c038cb3893b83a",
        11: "30a9892a76fea5ec824ff700c4d3c467f51833f2b437e23ebe8a3101e3d0b715",
        12: "3b2a8170fbedc359f3f7826611514331499655d12ffe008e30dae3d3da507509",
        13: "fb335f1961385c87a92125397254d0863b852842fdea4026076277f31605b7cb",
    ]

    @Test func releasedMigrationsAreNeverEdited() {
        for migration in Migrations.all {
            guard let expected = Self.released[migration.id] else { continue }
            let digest = Migrations.digest(migration)
            #expect(digest == expected, "migration \(migration.id) (\(migration.name)) was edited after release (its digest is now \(digest))")
        }
    }

    @Test func migrationsAreNumberedInOrderWithoutGaps() {
        #expect(Migrations.all.map(\.id) == Array(1...Migrations.all.count))
        #expect(Set(Migrations.all.map(\.id)).isSuperset(of: Self.released.keys))
    }
}
