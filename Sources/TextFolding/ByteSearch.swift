/// Substring tests on UTF-8 bytes: Foundation's `String.contains(String)` goes through
/// CFStringFind (UTF-16) and showed up at 9% of a build profile.
public enum ByteSearch {
    public static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        haystack.withUnsafeBufferPointer { contains($0, needle) }
    }

    public static func contains(_ haystack: String, _ needle: String) -> Bool {
        var h = haystack
        return h.withUTF8 { contains($0, needle) }
    }

    private static func contains(_ hb: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        var n = needle
        return n.withUTF8 { nb in
            guard let first = nb.first else { return true }
            if hb.count < nb.count { return false }
            var i = 0
            let last = hb.count - nb.count
            while i <= last {
                if hb[i] == first {
                    var j = 1
                    while j < nb.count && hb[i + j] == nb[j] { j += 1 }
                    if j == nb.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}
