#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// POSIX file access. Foundation's listing and writing are slow on Linux (an lstat per URL,
/// an fsync per written file), and this is the hot path of a 40,000-page build.
package enum FileSystem {
    package struct Entry {
        package let name: String
        package let isDirectory: Bool
        package var isSymlink = false
    }

    package enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)
        case cannotList(String, String)
        case cannotWrite(String, String)
        case tooLarge(String, Int)
        package var description: String {
            switch self {
            case .cannotRead(let p, let why): return "cannot read \(p): \(why)"
            case .cannotList(let p, let why): return "cannot list \(p): \(why)"
            case .cannotWrite(let p, let why): return "cannot write \(p): \(why)"
            case .tooLarge(let p, let size): return "\(p) is too large (\(size) bytes)"
            }
        }
    }

    package static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Directory entries sorted by name (byte order), without "." and "..".
    /// Symbolic links are followed; `identity` reports (device, inode) so callers can detect loops.
    package static func list(_ path: String) throws -> [Entry] {
        guard let dir = opendir(path) else { throw Failure.cannotList(path, errnoText()) }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let ent = readdir(dir) {
            let name = entryName(ent)
            if name == "." || name == ".." { continue }
            var isDir = ent.pointee.d_type == UInt8(DT_DIR)
            var isLink = ent.pointee.d_type == UInt8(DT_LNK)
            if isLink || ent.pointee.d_type == UInt8(DT_UNKNOWN) {
                var st = stat()
                if stat(path + "/" + name, &st) == 0 { isDir = (st.st_mode & S_IFMT) == S_IFDIR }
                var lst = stat()
                if lstat(path + "/" + name, &lst) == 0 { isLink = (lst.st_mode & S_IFMT) == S_IFLNK }
            }
            entries.append(Entry(name: name, isDirectory: isDir, isSymlink: isLink))
        }
        entries.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        return entries
    }

    /// The canonical absolute path (symbolic links resolved), if the path exists.
    package static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func entryName(_ ent: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: ent.pointee.d_name) { raw in String(cString: raw.bindMemory(to: CChar.self).baseAddress!) }
    }

    package static func identity(_ path: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    package static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    package static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    package static func read(_ path: String, limit: Int = Int.max) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Failure.cannotRead(path, errnoText()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure.cannotRead(path, errnoText()) }
        // A FIFO or device under content/ would block or never end.
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure.cannotRead(path, "not a regular file") }
        if Int(st.st_size) > limit { throw Failure.tooLarge(path, Int(st.st_size)) }
        // One byte more than the size, so the read that sees the end needs no bigger buffer (which
        // would double every file's memory: the capacity stays after the tail is cut).
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { buf in Glibc.read(fd, buf.baseAddress! + filled, buf.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.cannotRead(path, errnoText())
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Writes `bytes` to a new file (no fsync: the build swaps the whole folder in at the end).
    package static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.cannotWrite(path, errnoText()) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.cannotWrite(path, errnoText())
            }
            offset += n
        }
    }

    package static func write(_ string: String, to path: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0), to: path) }
    }

    package static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    package static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure.cannotWrite(path, errnoText()) }
    }

    /// Removes a file or a whole tree (no symlinks followed).
    package static func remove(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if let entries = try? listNoFollow(path) {
                for e in entries { remove(path + "/" + e) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    private static func listNoFollow(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw Failure.cannotList(path, errnoText()) }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = entryName(ent)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
