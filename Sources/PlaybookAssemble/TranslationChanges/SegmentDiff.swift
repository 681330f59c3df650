/// Which segments of a page changed between two versions: a longest common subsequence over
/// the segment fingerprints, as `diff` does over lines. Between two matched segments, removed
/// and added segments of the same kind are paired up as *changed* (a paragraph edited), the
/// rest stay removed or added.
package struct SegmentDiff: Equatable {
    package enum Change: Equatable {
        case same(old: Int, new: Int)
        case changed(old: Int, new: Int)
        case added(new: Int)
        case removed(old: Int)
    }

    package let changes: [Change]

    /// `old`, `new`: fingerprints; `oldKinds`, `newKinds`: segment kinds (pairing needs equal kinds).
    package init(old: [String], new: [String], oldKinds: [String], newKinds: [String]) {
        let lcs = Self.lcs(old, new)
        var out: [Change] = []
        var i = 0, j = 0
        func flush(_ oi: Int, _ nj: Int) {
            var removed = Array(i..<oi), added = Array(j..<nj)
            // Pair in order, kind by kind.
            while let r = removed.first, let aIndex = added.firstIndex(where: { newKinds[$0] == oldKinds[r] }) {
                for a in added[..<aIndex] { out.append(.added(new: a)) }
                out.append(.changed(old: r, new: added[aIndex]))
                removed.removeFirst()
                added.removeFirst(aIndex + 1)
            }
            for r in removed { out.append(.removed(old: r)) }
            for a in added { out.append(.added(new: a)) }
        }
        for (oi, nj) in lcs {
            flush(oi, nj)
            out.append(.same(old: oi, new: nj))
            i = oi + 1; j = nj + 1
        }
        flush(old.count, new.count)
        changes = out
    }

    package var changedCount: Int { changes.filter { if case .changed = $0 { return true } else { return false } }.count }
    package var addedCount: Int { changes.filter { if case .added = $0 { return true } else { return false } }.count }
    package var removedCount: Int { changes.filter { if case .removed = $0 { return true } else { return false } }.count }

    /// For each new segment, the old segment it continues (same or changed), if any.
    package var oldForNew: [Int: Int] {
        var map: [Int: Int] = [:]
        for c in changes {
            switch c {
            case .same(let o, let n), .changed(let o, let n): map[n] = o
            default: break
            }
        }
        return map
    }

    /// Index pairs of a longest common subsequence (classic dynamic programme: pages have tens
    /// to hundreds of segments).
    package static func lcs<T: Equatable>(_ a: [T], _ b: [T]) -> [(Int, Int)] {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return [] }
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var out: [(Int, Int)] = []
        var i = 0, j = 0
        while i < n && j < m {
            if a[i] == b[j] { out.append((i, j)); i += 1; j += 1 }
            else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] { i += 1 }
            else { j += 1 }
        }
        return out
    }
}

/// Words changed inside one segment: the text split into words and the spaces and
/// punctuation between them, compared with the same subsequence algorithm.
public enum WordDiff {
    public enum Piece: Sendable, Equatable { case same(String), removed(String), added(String) }

    package static func diff(_ old: String, _ new: String) -> [Piece] {
        let a = tokens(old), b = tokens(new)
        // A very long segment is shown as replaced rather than spending n×m memory on it.
        guard a.count * b.count <= 4_000_000 else { return [.removed(old), .added(new)] }
        var out: [Piece] = []
        func push(_ p: Piece) {
            switch (out.last, p) {
            case (.same(let x)?, .same(let y)): out[out.count - 1] = .same(x + y)
            case (.removed(let x)?, .removed(let y)): out[out.count - 1] = .removed(x + y)
            case (.added(let x)?, .added(let y)): out[out.count - 1] = .added(x + y)
            default: out.append(p)
            }
        }
        var i = 0, j = 0
        for (ai, bj) in SegmentDiff.lcs(a, b) {
            while i < ai { push(.removed(a[i])); i += 1 }
            while j < bj { push(.added(b[j])); j += 1 }
            push(.same(a[ai])); i += 1; j += 1
        }
        while i < a.count { push(.removed(a[i])); i += 1 }
        while j < b.count { push(.added(b[j])); j += 1 }
        return out
    }

    /// Runs of letters and digits, and each other character on its own.
    package static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in s {
            if ch.isLetter || ch.isNumber { word.append(ch) } else {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(String(ch))
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }
}
