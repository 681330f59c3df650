#if canImport(Glibc)
import Glibc
import PlaybookModel
import PlaybookLoad
#endif
import Foundation

/// Writes the site into a fresh folder next to the output folder, then swaps it in, so a
/// failed or interrupted build never leaves a half-written site behind.
///
/// A file whose bytes are those of the same file in the site being replaced is hard-linked from
/// it instead of written: it keeps its modification time (rsync, HTTP caches and deploy tools
/// see only what changed), and a rebuild creates inodes only for what changed (creating them
/// is most of what writing a big site costs the kernel).
package final class OutputWriter: @unchecked Sendable {
    package let output: String
    package let staging: String
    private let source: String
    private let force: Bool
    /// The output folder as it was before this build, when there was one.
    private let previous: String?
    private var madeDirectories: Set<String> = [""]

    /// Checks the output against `OutputFolder`'s rule and makes the staging folder (a new,
    /// uniquely named sibling: nothing that was there before is removed) with the site's stamp.
    /// - Throws: `OutputRefused` for an output the rule refuses, `BuildFailure` when the
    ///   staging folder cannot be made.
    package init(output: String, source: String, force: Bool) throws {
        var out = output
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        self.output = out
        self.source = source
        self.force = force
        _ = try OutputFolder.admit(output: out, source: source, force: force)
        let parent = (out as NSString).deletingLastPathComponent
        let name = (out as NSString).lastPathComponent
        previous = FileSystem.isDirectory(out) ? out : nil
        do {
            if !parent.isEmpty && !FileSystem.isDirectory(parent) {
                throw FileSystem.Failure.cannotWrite(parent, "no such folder")
            }
            staging = try FileSystem.makeUniqueDirectory((parent.isEmpty ? "." : parent) + "/.\(name).tmp-")
        } catch {
            throw BuildFailure([Diagnostic(file: out, "cannot create the output next to it: \(error); check that the folder exists and is writable", rule: "output/write")])
        }
        StagingCleanup.register(staging)
        do {
            try FileSystem.write(OutputFolder.stampText, to: staging + "/" + OutputFolder.stampName)
        } catch {
            abandon()
            throw BuildFailure([Diagnostic(file: out, "cannot write into the output's staging folder: \(error)", rule: "output/write")])
        }
    }

    /// Creates the folders of `paths` (relative to the site root). Call before writing in parallel.
    package func prepare(_ paths: [String]) throws {
        var dirs: Set<String> = []
        for path in paths {
            var parts = path.pathSegments
            parts.removeLast()
            var current = ""
            for part in parts {
                current = current.isEmpty ? String(part) : current + "/" + part
                dirs.insert(current)
            }
        }
        // Creating an inode is most of what mkdir costs (ext4 searches its bitmaps, more so right
        // after a tree was deleted), and that work runs in the calling thread: one depth at a
        // time, the folders are made on all cores. Each task takes all the folders of one
        // parent, because mkdir locks the parent: two threads in one parent take turns.
        var levels: [[String: [String]]] = []
        for dir in dirs where !madeDirectories.contains(dir) {
            let depth = dir.utf8.count { $0 == UInt8(ascii: "/") }
            while levels.count <= depth { levels.append([:]) }
            let parent = dir.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(dir[..<$0]) } ?? ""
            levels[depth][parent, default: []].append(dir)
        }
        for level in levels {
            let groups = level.keys.sorted().map { level[$0]!.sorted() }
            let failures = parallelMap(groups) { group -> (any Error)? in
                do {
                    for dir in group { try FileSystem.makeDirectory(staging + "/" + dir) }
                    return nil
                } catch { return error }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
            for group in groups { madeDirectories.formUnion(group) }
        }
    }

    package func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    package func write(_ bytes: [UInt8], to path: String) throws {
        let target = staging + "/" + path
        if let previous, FileSystem.linkIfSame(bytes, from: previous + "/" + path, to: target) { return }
        try FileSystem.write(bytes, to: target)
    }

    /// Replaces the output folder by the staged one. With renameat2(RENAME_EXCHANGE) the swap is
    /// a single atomic step; otherwise two renames, the old site kept until the new one is in place.
    /// - Throws: `OutputRefused` when the output changed since the build began into something
    ///   the rule refuses (the staged site is then removed), `BuildFailure` when a rename fails.
    package func commit() throws {
        // The output is checked again right before the swap: it may have changed during the build.
        _ = try OutputFolder.admit(output: output, source: source, force: force)
        let old = staging + ".old"
        if FileSystem.exists(output) {
            if FileSystem.exchange(staging, output) {
                FileSystem.removeInParallel(staging)
            } else {
                guard rename(output, old) == 0 else {
                    throw BuildFailure([Diagnostic(file: output, "cannot replace the output folder: \(FileSystem.errnoText())", rule: "output/write")])
                }
                guard rename(staging, output) == 0 else {
                    let why = FileSystem.errnoText()
                    rename(old, output)
                    throw BuildFailure([Diagnostic(file: output, "cannot move the new site into place: \(why)", rule: "output/write")])
                }
                FileSystem.removeInParallel(old)
            }
        } else if rename(staging, output) != 0 {
            throw BuildFailure([Diagnostic(file: output, "cannot move the new site into place: \(FileSystem.errnoText())", rule: "output/write")])
        }
        StagingCleanup.unregister(staging)
    }

    /// Removes the staged folder after a failure.
    package func abandon() {
        FileSystem.remove(staging)
        StagingCleanup.unregister(staging)
    }
}

extension FileSystem {
    /// Creates a new folder named `prefix` + six random characters (mkdtemp) and returns its path.
    package static func makeUniqueDirectory(_ prefix: String) throws -> String {
        var template = Array((prefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure.cannotWrite(prefix, errnoText())
        }
        // mkdtemp makes the folder 0700; a site is read by web servers (mkdir's mode, umask applied).
        let mask = umask(0)
        umask(mask)
        chmod(made, 0o755 & ~mask)
        return String(cString: made)
    }

    /// Hard-links `old` to `new` when `old` is a regular file holding exactly `bytes` and has
    /// no other links (a file shared with something outside the site is never shared further).
    package static func linkIfSame(_ bytes: [UInt8], from old: String, to new: String) -> Bool {
        let fd = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_nlink == 1, Int(st.st_size) == bytes.count else { return false }
        var same = true
        // Sized to the file: every page of a rebuild comes through here.
        var buffer = [UInt8](repeating: 0, count: min(bytes.count, 65_536))
        var offset = 0
        while same && offset < bytes.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, min($0.count, bytes.count - offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            same = bytes.withUnsafeBytes { b in buffer.withUnsafeBytes { memcmp(b.baseAddress! + offset, $0.baseAddress!, n) == 0 } }
            offset += n
        }
        return same && link(old, new) == 0
    }

    /// Removes a tree, its top folders on all cores (a replaced 40,000-page site is 80,000 unlinks).
    package static func removeInParallel(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, let entries = try? list(path) else { return remove(path) }
        var children: [String] = []
        for entry in entries {
            let full = path + "/" + entry.name
            if entry.isDirectory && !entry.isSymlink, let inner = try? list(full) {
                children += inner.map { full + "/" + $0.name }
            }
        }
        _ = parallelMap(children) { remove($0) }
        remove(path)
    }

    /// Atomically exchanges two paths with glibc's renameat2(RENAME_EXCHANGE), looked up at run
    /// time (Swift's Glibc module does not declare it); false where it is not available.
    package static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let AT_FDCWD: Int32 = -100, RENAME_EXCHANGE: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0
        #else
        return false
        #endif
    }
}

/// Staging folders to remove if the process is interrupted (SIGINT, SIGTERM).
package enum StagingCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var installed = false

    package static func register(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.append(path)
        if !installed {
            installed = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    // Not async-signal-safe in theory; the build is being abandoned anyway and
                    // leaving litter is the worse outcome. (`.old`, the previous site while a
                    // commit without renameat2 swaps it, is left alone: litter, not a lost site.)
                    for p in StagingCleanup.paths { StagingCleanup.removeWhileWritersRun(p) }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
    }

    /// Other threads (page rendering, the search index) may still be writing into the staging
    /// folder when a signal comes: it is first moved out of their way (their paths then lead
    /// nowhere), then removed until nothing is left (a write already under way can still land).
    package static func removeWhileWritersRun(_ path: String) {
        let trash = path + ".trash"
        let target = rename(path, trash) == 0 ? trash : path
        for _ in 0..<100 {
            FileSystem.remove(target)
            var st = stat()
            if lstat(target, &st) != 0 { return }
            usleep(2_000)
        }
    }

    package static func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.removeAll { $0 == path }
    }
}
