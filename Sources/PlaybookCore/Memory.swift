#if canImport(Glibc)
import Glibc
#endif

enum Memory {
    /// Hands memory freed by a finished stage back to the system. glibc keeps freed blocks in
    /// the arena of the thread that allocated them, so what the parse workers freed would stay
    /// resident while later stages grow in other arenas; at 40,000 pages that is hundreds of MB
    /// of peak memory that holds nothing. (`malloc_trim` is glibc's; Swift's Glibc module does
    /// not declare it, so it is looked up at run time.)
    static func returnFreed() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
