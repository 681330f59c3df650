#if canImport(Glibc)
import Glibc
#endif

enum Memory {
    /// Hands memory freed by a finished stage back to the system now rather than later: at
    /// 40,000 pages a stage frees hundreds of MB that the next would otherwise add its own to.
    /// Under jemalloc (which the `playbook` executable links, see Sources/CAllocator) that is a
    /// purge of every arena; under glibc, `malloc_trim`. Both are looked up at run time: the
    /// library does not link either, and Swift's Glibc module does not declare them.
    static func returnFreed() {
        #if os(Linux)
        let process = UnsafeMutableRawPointer(bitPattern: 0)
        if let symbol = dlsym(process, "mallctl") {
            typealias Ctl = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int) -> Int32
            // 4096 is MALLCTL_ARENAS_ALL.
            _ = unsafeBitCast(symbol, to: Ctl.self)("arena.4096.purge", nil, nil, nil, 0)
            return
        }
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(process, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
