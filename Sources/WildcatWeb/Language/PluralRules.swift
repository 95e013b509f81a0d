/// CLDR's plural rules for whole numbers, for the languages Wildcat ships (and Polish and
/// Arabic, whose several forms the tests exercise). A catalog's forms are numbered in CLDR's
/// order of categories (zero, one, two, few, many, other), as gettext tools number them.
enum PluralRules {
    enum Category: Int, Comparable, CaseIterable, Sendable {
        case zero, one, two, few, many, other
        static func < (a: Category, b: Category) -> Bool { a.rawValue < b.rawValue }
    }

    /// The categories `language` distinguishes for whole numbers, in catalog order.
    static func categories(_ language: String) -> [Category] {
        switch language {
        case "fr", "es", "it", "pt": [.one, .many, .other]
        case "pl": [.one, .few, .many]
        case "ar": [.zero, .one, .two, .few, .many, .other]
        default: [.one, .other]
        }
    }

    static func category(of n: Int, in language: String) -> Category {
        let n = n.magnitude
        // "1 000 000 de membres": exact millions take "many" in the Romance languages.
        let million = n != 0 && n % 1_000_000 == 0
        switch language {
        case "fr": return n <= 1 ? .one : million ? .many : .other
        case "es", "it", "pt": return n == 1 ? .one : million ? .many : .other
        case "pl":
            if n == 1 { return .one }
            let (last, lastTwo) = (n % 10, n % 100)
            return (2...4).contains(last) && !(12...14).contains(lastTwo) ? .few : .many
        case "ar":
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default:
                let lastTwo = n % 100
                return (3...10).contains(lastTwo) ? .few : (11...99).contains(lastTwo) ? .many : .other
            }
        default: return n == 1 ? .one : .other
        }
    }

    /// Which of a catalog's forms `n` takes.
    static func form(of n: Int, in language: String) -> Int {
        categories(language).firstIndex(of: category(of: n, in: language)) ?? 0
    }
}
