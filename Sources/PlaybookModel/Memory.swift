#if canImport(Glibc)
import Glibc
#endif

package enum Memory {
    /// Hands memory freed by a finished stage back to the system now rather than later: at
    /// 40,000 pages a stage frees hundreds of MB that the next would otherwise add its own to.
    /// Under jemalloc (which the `playbook` executable links, see Sources/CAllocator) that is a
    /// purge of every arena; under glibc, `malloc_trim`. Both are looked up at run time: the
    /// library does not link either, and Swift's Glibc module does not declare them.
    package static func returnFreed() {
        #if os(Linux)
        if let mallctl {
            _ = mallctl("arena.4096.purge", nil, nil, nil, 0)  // 4096 is MALLCTL_ARENAS_ALL
            return
        }
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    package typealias Mallctl = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int) -> Int32

    /// jemalloc's control function, when jemalloc is the allocator.
    package static let mallctl: Mallctl? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl").map { unsafeBitCast($0, to: Mallctl.self) }

    /// jemalloc's live and resident bytes in MB (nil under another allocator): live apart from
    /// resident tells data from fragmentation.
    package static func allocatorMB() -> (live: Int, resident: Int)? {
        guard let mallctl else { return nil }
        var epoch: UInt64 = 1
        _ = mallctl("epoch", nil, nil, &epoch, 8)  // statistics are snapshots: refresh them
        func megabytes(_ name: String) -> Int {
            var value = 0, size = MemoryLayout<Int>.size
            _ = mallctl(name, &value, &size, nil, 0)
            return value / 1_000_000
        }
        return (megabytes("stats.allocated"), megabytes("stats.resident"))
    }
}
