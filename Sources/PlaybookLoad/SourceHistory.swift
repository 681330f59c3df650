import Foundation
import PlaybookModel

/// When each content file last changed, from git: one `git log` for the whole tree.
/// Outside a git checkout (or without git) it knows nothing, and pages say only that the
/// source changed, not when.
public struct SourceHistory: Sendable {
    /// Content path ("en/playbook/x.md") → last commit date, YYYY-MM-DD.
    public let lastChanged: [String: String]
    /// The content folder, for files git does not know (not committed, or no git at all).
    package var contentRoot: String? = nil

    public static let empty = SourceHistory(lastChanged: [:])

    /// The day `path` (a content path) last changed: its last commit, else its modification
    /// time on disk (UTC), else nil.
    public func lastChange(of path: String) -> String? {
        if let day = lastChanged[path] { return day }
        guard let contentRoot else { return nil }
        var info = stat()
        guard stat(contentRoot + "/" + path, &info) == 0 else { return nil }
        return CivilDate.day(epoch: Int(info.st_mtim.tv_sec))
    }

    public static func read(root: String) -> SourceHistory {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", "content"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let none = SourceHistory(lastChanged: [:], contentRoot: root + "/content")
        do { try process.run() } catch { return none }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return none }
        var dates: [String: String] = [:]
        var current = ""
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("\u{0}") { current = String(line.dropFirst()); continue }
            guard line.hasPrefix("content/") else { continue }
            let path = String(line.dropFirst("content/".count)).precomposedStringWithCanonicalMapping
            if dates[path] == nil { dates[path] = current }  // newest first
        }
        return SourceHistory(lastChanged: dates, contentRoot: root + "/content")
    }
}
