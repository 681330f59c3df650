import Foundation
import PlaybookLoad
import PlaybookModel
import PlaybookParse

/// Earlier versions of source pages, from git: the version a translation was made from is the
/// commit whose copy of the source file has the fingerprint the translation recorded.
///
/// git is run as a command (`git log`, then one `git cat-file --batch` for every candidate
/// blob), not through libgit2: no well-kept Swift wrapper of libgit2 is in the package mirror,
/// and git's command line is stable and on every machine that has a checkout.
package final class SourceVersions {
    package enum Lookup {
        /// The normalized text of the source file at `commit` (short id).
        case found(text: String, commit: String, date: String)
        /// Why not, in words for the person reading the report.
        case unavailable(String)
    }

    private let root: String
    /// nil: not a git checkout (or no git).
    private let prefix: String?
    private let shallow: Bool
    private var cache: [String: Lookup] = [:]

    package init(root: String) {
        self.root = root
        if let out = Self.git(root, ["rev-parse", "--show-prefix", "--is-shallow-repository"]) {
            let lines = String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            prefix = lines.first ?? ""
            shallow = lines.count > 1 && lines[1] == "true"
        } else {
            prefix = nil
            shallow = false
        }
    }

    /// The version of `content/<path>` whose fingerprint is `hash`.
    package func find(path: String, hash: String) -> Lookup {
        let key = path + "\u{0}" + hash
        if cache[key] == nil { prepare([(path, hash)]) }
        return cache[key]!
    }

    /// Looks up many versions at once: one `git log` over the folders of `wanted`, one
    /// `git cat-file --batch` over every candidate blob (a process per page would cost seconds
    /// on a site with thousands of stale pages).
    package func prepare(_ wanted: [(path: String, hash: String)]) {
        let todo = wanted.filter { cache[$0.path + "\u{0}" + $0.hash] == nil }
        guard !todo.isEmpty else { return }
        guard let prefix else {
            for w in todo { cache[w.path + "\u{0}" + w.hash] = .unavailable("there is no git history here (not a git checkout, or git is not installed), so the version it was translated from cannot be shown") }
            return
        }
        var hashes: [String: Set<String>] = [:]
        for w in todo { hashes[ContentPath(w.path).shown, default: []].insert(w.hash) }
        let folders = Set(todo.map { ContentPath($0.path.split(separator: "/").first.map(String.init) ?? "").shown }).sorted()
        var commits: [String: [(id: String, date: String)]] = [:]
        if let log = Self.git(root, ["log", "--format=%x00%h %cs", "--name-only", "--relative", "--no-renames", "--"] + folders) {
            var current = (id: "", date: "")
            for line in String(decoding: log, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("\u{0}") {
                    let parts = line.dropFirst().split(separator: " ")
                    current = (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
                    continue
                }
                let path = String(line).precomposedStringWithCanonicalMapping
                if hashes[path] != nil { commits[path, default: []].append(current) }
            }
        }
        var requests: [(path: String, commit: (id: String, date: String))] = []
        for (path, list) in commits.sorted(by: { $0.key < $1.key }) { for c in list { requests.append((path, c)) } }
        var found: [String: Lookup] = [:]
        if !requests.isEmpty, let blobs = Self.catFile(root, requests.map { "\($0.commit.id):\(prefix)\($0.path)\n" }.joined()) {
            for (request, blob) in zip(requests, blobs) {
                guard let blob, let text = try? SourceText.decode(blob) else { continue }
                let hash = Fingerprint.of(text)
                let key = String(request.path.dropFirst("content/".count)) + "\u{0}" + hash
                // Newest first: keep the newest commit with that text.
                if hashes[request.path]?.contains(hash) == true, found[key] == nil {
                    found[key] = .found(text: text, commit: request.commit.id, date: request.commit.date)
                }
            }
        }
        for w in todo {
            let key = w.path + "\u{0}" + w.hash
            let file = ContentPath(w.path).shown
            if let hit = found[key] { cache[key] = hit }
            else if shallow { cache[key] = .unavailable("this is a shallow clone and no commit in it has the version of \(file) it was translated from; `git fetch --unshallow` brings the full history") }
            else { cache[key] = .unavailable("no commit has the version of \(file) it was translated from (source_hash \(w.hash)): it was edited outside git, or that commit is not in this clone") }
        }
    }

    /// Runs git in `root`; its standard output, or nil when it fails.
    package static func git(_ root: String, _ arguments: [String], input: String? = nil) -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", root] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let inPipe = input.map { _ in Pipe() }
        if let inPipe { process.standardInput = inPipe }
        do { try process.run() } catch { return nil }
        if let inPipe, let input {
            // Written on its own thread: git answers while it reads, and a full pipe would block both.
            let data = Data(input.utf8)
            Thread.detachNewThread {
                inPipe.fileHandleForWriting.write(data)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? [UInt8](data) : nil
    }

    /// `git cat-file --batch` for each `rev:path` line of `request`: the blobs, nil where missing.
    package static func catFile(_ root: String, _ request: String) -> [[UInt8]?]? {
        guard let out = git(root, ["cat-file", "--batch"], input: request) else { return nil }
        var blobs: [[UInt8]?] = []
        var i = 0
        while i < out.count {
            var end = i
            while end < out.count && out[end] != 0x0A { end += 1 }
            let header = String(decoding: out[i..<end], as: UTF8.self).split(separator: " ")
            i = end + 1
            if header.count == 3, let size = Int(header[2]) {
                blobs.append(Array(out[i..<min(out.count, i + size)]))
                i += size + 1
            } else {
                blobs.append(nil)  // "<rev> missing"
            }
        }
        return blobs
    }
}
