#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        return n.withUTF8 { nb in nb.isEmpty || firstIndex(of: nb, in: hb) != nil }
    }

    /// Where `needle` starts at or after `from`: memchr for its first byte, then a compare.
    public static func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in hb: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first else { return from }
        var i = from
        while let at = firstIndex(of: first, in: hb, from: i) {
            if hb.count - at < needle.count { return nil }
            if memcmp(hb.baseAddress! + at, needle.baseAddress!, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// The first `byte` at or after `from` (libc's memchr: vectorized, many times a byte loop).
    @inline(__always)
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard from < buffer.count, let base = buffer.baseAddress,
              let hit = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}
