/// When to sweep a table of expiring entries: once it has grown past a floor, and after that
/// only once it has doubled since the last sweep. A table whose entries are all still live
/// (100,000 members voting within a rate limit's minute) is then not swept, a pass over every
/// entry, on every insertion; it holds at most twice its live entries.
struct PruneSchedule: Sendable {
    let floor: Int
    private var next: Int

    init(floor: Int) {
        self.floor = floor
        self.next = floor
    }

    /// Whether a table of `count` entries is due a sweep.
    func isDue(_ count: Int) -> Bool { count > next }

    /// Records a sweep that left `count` entries.
    mutating func swept(leaving count: Int) { next = max(floor, 2 * count) }
}
