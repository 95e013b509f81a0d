/// Ranked ballots as the counts read them: each ranking once, as option numbers in one flat
/// array, with how many voters cast it. A million ballots hold far fewer distinct rankings in a
/// real election, and a count that walks numbers in one array, not arrays of names, stays in
/// the processor's cache.
struct Rankings {
    /// Option numbers of every distinct ranking, one after another.
    private(set) var flat: [Int32] = []
    /// Ranking `r` is `flat[starts[r]..<starts[r + 1]]`.
    private(set) var starts: [Int] = [0]
    /// Voters who cast ranking `r`.
    private(set) var counts: [Int] = []

    /// Open addressing over the rankings by hash: slot → ranking number + 1 (0: empty).
    private var slots: [Int32]
    private var hashes: [UInt64] = []

    var count: Int { counts.count }

    func ranking(_ r: Int) -> ArraySlice<Int32> { flat[starts[r]..<starts[r + 1]] }

    /// The election's rankings, checked in the order cast as `Tally.validate` checks them (the
    /// first bad ballot's error, in the same words). `skipEmpty`: an empty ranking is not kept.
    init(_ election: Election, skipEmpty: Bool = false) throws(TallyError) {
        slots = Array(repeating: 0, count: 1024)
        let index = Dictionary(uniqueKeysWithValues: election.options.enumerated().map { ($1, Int32($0)) })
        // A stamp per option: which ballot last named it (a ranking may not name one twice).
        var namedBy = Array(repeating: -1, count: election.options.count)
        for (number, (ballot, count)) in election.ballots.enumerated() {
            guard count >= 0 else { throw TallyError("a ballot count cannot be negative") }
            guard case .ranking(let ranking) = ballot else { throw TallyError("this ballot does not fit a \(election.method.rawValue) vote") }
            let start = flat.count
            for option in ranking {
                guard let i = index[option] else {
                    flat.removeSubrange(start...)
                    throw TallyError("unknown option \"\(option)\"")
                }
                flat.append(i)
            }
            for i in flat[start...] {
                if namedBy[Int(i)] == number { throw TallyError("a ranking names an option twice") }
                namedBy[Int(i)] = number
            }
            if count == 0 || (skipEmpty && ranking.isEmpty) {
                flat.removeSubrange(start...)
                continue
            }
            add(from: start, count: count)
        }
    }

    /// Counts the ranking just appended at `flat[start...]`: with its equal if there is one
    /// (and then it is taken off again), else as a new ranking.
    private mutating func add(from start: Int, count: Int) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in flat[start...] { hash = (hash ^ UInt64(UInt32(bitPattern: i))) &* 0x0000_0100_0000_01B3 }
        hash ^= UInt64(flat.count - start) &* 0x9E37_79B9_7F4A_7C15
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let r = Int(slots[slot]) - 1
            if hashes[r] == hash, flat[starts[r]..<starts[r + 1]].elementsEqual(flat[start...]) {
                counts[r] += count
                flat.removeSubrange(start...)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(counts.count + 1)
        hashes.append(hash)
        counts.append(count)
        starts.append(flat.count)
        if counts.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (r, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(r + 1)
        }
    }
}
