#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Watches `playbook.yml`, `content/` and `templates/` below a source folder with inotify and
/// reports changed paths (relative to the source folder) in batches: after the first event it
/// waits until the tree has been quiet for `quiet` seconds, so one save is one rebuild.
final class Watcher {
    let root: String
    let quiet: Double
    private let fd: Int32
    private var paths: [Int32: String] = [:]
    private var watched: Set<String> = []

    static let dirMask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)
    static let top: Set<String> = ["playbook.yml", "content", "templates"]

    init(root: String, quiet: Double = 0.004) throws {
        self.root = root
        self.quiet = quiet
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw HTTPServer.Failure(description: "cannot watch files (inotify): \(String(cString: strerror(errno)))") }
        add("")
        add("content")
        add("templates")
    }

    /// Adds a watch on `relative` and every folder below it (links followed, loops skipped).
    private func add(_ relative: String) {
        let full = relative.isEmpty ? root : root + "/" + relative
        guard !watched.contains(relative) else { return }
        let wd = inotify_add_watch(fd, full, Self.dirMask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { return }
        paths[wd] = relative
        watched.insert(relative)
        guard !relative.isEmpty, let dir = opendir(full) else { return }
        defer { closedir(dir) }
        var subdirs: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            var st = stat()
            if stat(full + "/" + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { subdirs.append(name) }
        }
        for name in subdirs where relative.split(separator: "/").count < 32 { add(relative + "/" + name) }
    }

    private func forget(prefix relative: String) {
        for (wd, path) in paths where path == relative || path.hasPrefix(relative + "/") {
            inotify_rm_watch(fd, wd)
            paths.removeValue(forKey: wd)
            watched.remove(path)
        }
    }

    /// Blocks; calls `onChange` with each batch of changed paths ("" means: look at everything).
    func run(_ onChange: ([String]) -> Void) -> Never {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var batch: Set<String> = []
            _ = waitReadable(timeout: -1)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 { collect(buffer, count: n, into: &batch) }
                else if n < 0 && errno == EINTR { continue }
                // Quiet for a moment: the save is complete.
                if !waitReadable(timeout: Int32(max(1, quiet * 1000))) { break }
            }
            if !batch.isEmpty { onChange(batch.sorted()) }
        }
    }

    private func waitReadable(timeout: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let r = poll(&p, 1, timeout)
            if r < 0 && errno == EINTR { continue }
            return r > 0
        }
    }

    private func collect(_ buffer: [UInt8], count: Int, into batch: inout Set<String>) {
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        while offset + headerSize <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let e = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (e.wd, e.mask, Int(e.len))
            }
            var name = ""
            if length > 0 {
                let bytes = buffer[(offset + headerSize)..<(offset + headerSize + length)].prefix { $0 != 0 }
                name = String(decoding: bytes, as: UTF8.self)
            }
            offset += headerSize + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 { batch.insert(""); continue }
            guard let dir = paths[wd] else { continue }
            if mask & UInt32(IN_IGNORED) != 0 { paths.removeValue(forKey: wd); watched.remove(dir); continue }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                if !dir.isEmpty { batch.insert(dir); forget(prefix: dir) }
                continue
            }
            guard !name.isEmpty else { continue }
            if dir.isEmpty && !Self.top.contains(name) { continue }
            let path = dir.isEmpty ? name : dir + "/" + name
            let isDir = mask & UInt32(IN_ISDIR) != 0
            if isDir && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { add(path) }
            if isDir && mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 { forget(prefix: path) }
            // A new regular file is reported when it is closed after writing (IN_CLOSE_WRITE).
            if !isDir && mask & UInt32(IN_CREATE) != 0 {
                var st = stat()
                if lstat(root + "/" + path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { continue }
            }
            batch.insert(path)
        }
    }
}
