#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes the site into a fresh folder next to the output folder, then swaps it in, so a
/// failed or interrupted build never leaves a half-written site behind.
final class OutputWriter: @unchecked Sendable {
    let output: String
    let staging: String
    private var madeDirectories: Set<String> = [""]
    private let lock = NSLock()

    init(output: String) throws {
        var out = output
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        self.output = out
        let parent = (out as NSString).deletingLastPathComponent
        let name = (out as NSString).lastPathComponent
        staging = (parent.isEmpty ? "." : parent) + "/.\(name).tmp-\(getpid())"
        FileSystem.remove(staging)
        do {
            if !parent.isEmpty && !FileSystem.isDirectory(parent) {
                throw FileSystem.Failure.cannotWrite(parent, "no such folder")
            }
            try FileSystem.makeDirectory(staging)
        } catch {
            throw BuildFailure([BuildError(file: out, "cannot create the output next to it: \(error); check that the folder exists and is writable")])
        }
        StagingCleanup.register(staging)
    }

    /// Creates the folders of `paths` (relative to the site root). Call before writing in parallel.
    func prepare(_ paths: [String]) throws {
        var dirs: Set<String> = []
        for path in paths {
            var parts = path.split(separator: "/")
            parts.removeLast()
            var current = ""
            for part in parts {
                current = current.isEmpty ? String(part) : current + "/" + part
                dirs.insert(current)
            }
        }
        // Creating an inode is most of what mkdir costs (ext4 searches its bitmaps, more so right
        // after a tree was deleted); that work runs in the calling thread, so one depth at a time
        // the folders are made on all cores.
        var levels: [[String]] = []
        for dir in dirs where !madeDirectories.contains(dir) {
            let depth = dir.utf8.count { $0 == UInt8(ascii: "/") }
            while levels.count <= depth { levels.append([]) }
            levels[depth].append(dir)
        }
        for level in levels {
            let failures = parallelMap(level) { dir -> (any Error)? in
                do { try FileSystem.makeDirectory(staging + "/" + dir); return nil } catch { return error }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
            madeDirectories.formUnion(level)
        }
    }

    func write(_ text: String, to path: String) throws {
        try FileSystem.write(text, to: staging + "/" + path)
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try FileSystem.write(bytes, to: staging + "/" + path)
    }

    /// Replaces the output folder by the staged one. With renameat2(RENAME_EXCHANGE) the swap is
    /// a single atomic step; otherwise two renames, the old site kept until the new one is in place.
    func commit() throws {
        let old = staging + ".old"
        if FileSystem.exists(output) {
            if FileSystem.exchange(staging, output) {
                FileSystem.remove(staging)
            } else {
                guard rename(output, old) == 0 else {
                    throw BuildFailure([BuildError(file: output, "cannot replace the output folder: \(FileSystem.errnoText())")])
                }
                guard rename(staging, output) == 0 else {
                    let why = FileSystem.errnoText()
                    rename(old, output)
                    throw BuildFailure([BuildError(file: output, "cannot move the new site into place: \(why)")])
                }
                FileSystem.remove(old)
            }
        } else if rename(staging, output) != 0 {
            throw BuildFailure([BuildError(file: output, "cannot move the new site into place: \(FileSystem.errnoText())")])
        }
        StagingCleanup.unregister(staging)
    }

    /// Removes the staged folder after a failure.
    func abandon() {
        FileSystem.remove(staging)
        StagingCleanup.unregister(staging)
    }
}

extension FileSystem {
    /// Atomically exchanges two paths with glibc's renameat2(RENAME_EXCHANGE), looked up at run
    /// time (Swift's Glibc module does not declare it); false where it is not available.
    static func exchange(_ a: String, _ b: String) -> Bool {
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
enum StagingCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.append(path)
        if !installed {
            installed = true
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig) { sig in
                    // Not async-signal-safe in theory; the build is being abandoned anyway and
                    // leaving litter is the worse outcome.
                    for p in StagingCleanup.paths { FileSystem.remove(p); FileSystem.remove(p + ".old") }
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
        }
    }

    static func unregister(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.removeAll { $0 == path }
    }
}
