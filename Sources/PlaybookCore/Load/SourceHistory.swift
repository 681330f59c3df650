import Foundation

/// When each content file last changed, from git: one `git log` for the whole tree.
/// Outside a git checkout (or without git) it knows nothing, and pages say only that the
/// source changed, not when.
public struct SourceHistory: Sendable {
    /// Content path ("en/playbook/x.md") → last commit date, YYYY-MM-DD.
    public let lastChanged: [String: String]

    public static let empty = SourceHistory(lastChanged: [:])

    public static func read(root: String) -> SourceHistory {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", "content"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return .empty }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return .empty }
        var dates: [String: String] = [:]
        var current = ""
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("\u{0}") { current = String(line.dropFirst()); continue }
            guard line.hasPrefix("content/") else { continue }
            let path = String(line.dropFirst("content/".count)).precomposedStringWithCanonicalMapping
            if dates[path] == nil { dates[path] = current }  // newest first
        }
        return SourceHistory(lastChanged: dates)
    }
}
