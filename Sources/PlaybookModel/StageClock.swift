import Dispatch
import Foundation

/// `PLAYBOOK_TIMING=1` prints how long each pipeline step took (to stderr): the quickest way to
/// see where a build's time goes before reaching for perf.
package struct StageClock {
    package static let enabled = ProcessInfo.processInfo.environment["PLAYBOOK_TIMING"] != nil
    private var lap = DispatchTime.now()
    private var cpuLap = Self.cpuSeconds()

    package init() {}

    package mutating func mark(_ what: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - lap.uptimeNanoseconds) / 1e6
        let cpu = Self.cpuSeconds()
        // CPU beside wall time shows how many cores a stage kept busy.
        let cpuMs = (cpu - cpuLap) * 1000
        FileHandle.standardError.write(Data("  \(what()): \(String(format: "%.1f", ms)) ms (CPU \(String(format: "%.0f", cpuMs)) ms), \(Self.residentMB()) MB resident\(Self.jemalloc())\n".utf8))
        lap = now
        cpuLap = cpu
    }

    /// What the allocator holds, under jemalloc (which the `playbook` executable links).
    package static func jemalloc() -> String {
        Memory.allocatorMB().map { " (allocator: \($0.live) MB live, \($0.resident) MB resident)" } ?? ""
    }

    /// User plus system CPU seconds of the whole process so far (getrusage).
    package static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident set size now (from /proc/self/statm), to see which stage holds the memory.
    package static func residentMB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * 4096 / 1_000_000
    }
}
