/// Interns words given as bytes: open addressing on FNV-1a hashes over one byte arena, so the
/// tokenizer never builds a `String` for a word it has seen before.
package struct WordTable {
    package private(set) var arena: [UInt8] = []
    /// Word i is arena[starts[i] ..< starts[i + 1]].
    package private(set) var starts: [Int32] = [0]
    private var hashes: [UInt32] = []
    private var slots: [Int32]
    private var mask: Int

    package init(capacity: Int = 4096) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    package var count: Int { starts.count - 1 }

    package func word(_ id: Int) -> String {
        String(decoding: arena[Int(starts[id])..<Int(starts[id + 1])], as: UTF8.self)
    }

    /// The id of `word`, adding it if new (`isNew` then true).
    @inline(__always)
    package mutating func intern(_ word: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        var h: UInt32 = 2166136261
        for b in word { h = (h ^ UInt32(b)) &* 16777619 }
        var i = Int(h) & mask
        while true {
            let slot = slots[i]
            if slot < 0 { break }
            if hashes[Int(slot)] == h {
                let s = Int(starts[Int(slot)]), e = Int(starts[Int(slot) + 1])
                if e - s == word.count {
                    var same = true
                    arena.withUnsafeBufferPointer { a in
                        for k in 0..<word.count where a[s + k] != word[k] { same = false; break }
                    }
                    if same { return (slot, false) }
                }
            }
            i = (i + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: word)
        starts.append(Int32(arena.count))
        hashes.append(h)
        slots[i] = id
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for id in 0..<count {
            var i = Int(hashes[id]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(id)
        }
    }
}
