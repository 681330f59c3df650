import Dispatch
import Foundation

/// `PLAYBOOK_TIMING=1` prints how long each pipeline step took (to stderr): the quickest way to
/// see where a build's time goes before reaching for perf.
struct StageClock {
    static let enabled = ProcessInfo.processInfo.environment["PLAYBOOK_TIMING"] != nil
    private var lap = DispatchTime.now()

    mutating func mark(_ what: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - lap.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("  \(what()): \(String(format: "%.1f", ms)) ms, \(Self.residentMB()) MB resident\(Self.jemalloc())\n".utf8))
        lap = now
    }

    /// What the allocator holds, under jemalloc (which the `playbook` executable links): live
    /// bytes apart from resident ones tell data from fragmentation.
    static func jemalloc() -> String {
        typealias Ctl = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return "" }
        let ctl = unsafeBitCast(symbol, to: Ctl.self)
        var epoch: UInt64 = 1
        _ = ctl("epoch", nil, nil, &epoch, 8)  // statistics are snapshots: refresh them
        func megabytes(_ name: String) -> Int {
            var value = 0, size = MemoryLayout<Int>.size
            _ = ctl(name, &value, &size, nil, 0)
            return value / 1_000_000
        }
        return " (allocator: \(megabytes("stats.allocated")) MB live, \(megabytes("stats.resident")) MB resident)"
    }

    /// Resident set size now (from /proc/self/statm), to see which stage holds the memory.
    static func residentMB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * 4096 / 1_000_000
    }
}
