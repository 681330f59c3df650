#if canImport(Glibc)
import Glibc
import PlaybookLoad
#endif
import Foundation

/// The rule for the folder a build replaces: the tool never deletes what it did not write.
///
/// The output may be replaced when it is absent, an empty folder, or a site `playbook build`
/// wrote (it holds the stamp file, `.playbook-site`, with the stamp's exact text). A folder
/// holding anything else is foreign: replaced only with `force`. Some outputs are refused even
/// with `force`, because replacing them would take the user's own work with them: the source
/// folder, a folder that contains it, anything inside `content/` or `templates/`, `/`, the
/// user's home or a folder that contains it, a path that is not a folder (a file, a FIFO), and
/// a symbolic link (the swap would replace the link, not the folder it leads to).
/// Zola likewise refuses an existing output folder without `--force`; Hugo never deletes.
public enum OutputFolder {
    /// The name of the stamp file written at the top of every built site.
    public static let stampName = ".playbook-site"
    /// The stamp's exact text; a file of that name with other bytes does not make a site ours.
    public static let stampText = "This folder is a site written by `playbook build`; the next build replaces it as a whole.\n"

    /// What the output path holds now, when it may be written.
    public enum State: Equatable, Sendable {
        case absent
        case empty
        /// A site this tool wrote (stamped).
        case site
        /// A folder with files this tool did not write (allowed only with `force`): how many
        /// entries it has at its top, and the first few names (sorted, folders end in `/`).
        case foreign(count: Int, sample: [String])
    }

    /// Checks `output` against the rule for a build of `source`.
    /// - Returns: what the output holds now (`.foreign` only when `force` is set).
    /// - Throws: `OutputRefused` (the CLI exits with 2) naming the path, the reason and what to do.
    public static func admit(output: String, source: String, force: Bool) throws -> State {
        guard !output.isEmpty else { throw OutputRefused(output, rule: "output/empty", "the output path is empty", "give a folder, e.g. --output public") }
        var st = stat()
        let present = lstat(output, &st) == 0
        if present && (st.st_mode & S_IFMT) == S_IFLNK {
            let target = FileSystem.canonical(output).map { " (to \($0))" } ?? ""
            throw OutputRefused(output, rule: "output/symlink", "the output is a symbolic link\(target); a build replaces the folder it writes, so it would replace the link",
                                "give the folder it leads to as --output")
        }
        let out = absolute(output)
        let src = absolute(source)
        if out == "/" { throw OutputRefused(output, rule: "output/root", "the output is the root folder `/`", "give a folder of its own, e.g. --output public") }
        for home in homeFolders() where contains(out, home) {
            throw OutputRefused(output, rule: "output/home", out == home ? "the output is your home folder (\(home))" : "the output \(out) contains your home folder (\(home))",
                                "give a folder of its own, e.g. --output public")
        }
        if out == src {
            throw OutputRefused(output, rule: "output/source", "the output is the source folder (\(src)); the build would replace content/ with the site", "build into a folder of its own, e.g. --output public")
        }
        if contains(out, src) {
            throw OutputRefused(output, rule: "output/contains-source", "the output \(out) contains the source folder (\(src)); the build would replace it with the site", "build into a folder of its own, e.g. --output public")
        }
        for inner in ["content", "templates"] where contains(src + "/" + inner, out) {
            throw OutputRefused(output, rule: "output/inside-source", "the output is inside the source's \(inner)/ folder; the build would write the site into its own input",
                                "build into a folder outside content/ and templates/, e.g. --output public")
        }
        guard present else { return .absent }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            let what = (st.st_mode & S_IFMT) == S_IFREG ? "a file, not a folder" : "not a folder"
            throw OutputRefused(output, rule: "output/not-a-folder", "the output is \(what); a build would replace it with a folder", "give a folder path, e.g. --output public")
        }
        if isStamped(output) { return .site }
        let entries: [FileSystem.Entry]
        do { entries = try FileSystem.list(output) } catch {
            throw OutputRefused(output, rule: "output/unreadable", "cannot look into the output folder: \(error)", "check its permissions, or give another folder")
        }
        if entries.isEmpty { return .empty }
        let sample = entries.prefix(5).map { $0.isDirectory && !$0.isSymlink ? $0.name + "/" : $0.name }
        let state = State.foreign(count: entries.count, sample: Array(sample))
        if force { return state }
        throw OutputRefused(output, rule: "output/foreign", "the output folder holds files playbook did not write (\(describe(state))); nothing was changed",
                            "give a new or empty folder, or pass --force to replace this one with the site (if an earlier playbook version wrote it, --force once)")
    }

    /// "3 entries: a.txt, notes/, x.md" (at most five names, then "…").
    public static func describe(_ state: State) -> String {
        guard case .foreign(let count, let sample) = state else { return "" }
        return "\(count) entr\(count == 1 ? "y" : "ies"): " + sample.joined(separator: ", ") + (count > sample.count ? ", …" : "")
    }

    /// Whether `folder` holds the stamp with its exact text.
    package static func isStamped(_ folder: String) -> Bool {
        guard let bytes = try? FileSystem.read(folder + "/" + stampName, limit: 4096) else { return false }
        return bytes.elementsEqual(stampText.utf8)
    }

    /// Whether `inner` is `outer` or lies below it (both absolute, canonical).
    package static func contains(_ outer: String, _ inner: String) -> Bool {
        outer == "/" || inner == outer || inner.hasPrefix(outer + "/")
    }

    /// The canonical absolute path of `path`: symbolic links resolved in the part that exists,
    /// `.` and `..` taken away in the part that does not (which cannot hold links).
    /// A relative `path` starts from `cwd` (default: the working folder).
    package static func absolute(_ path: String, from cwd: String = FileManager.default.currentDirectoryPath) -> String {
        var current = path.hasPrefix("/") ? "/" : cwd
        current = FileSystem.canonical(current) ?? current
        var exists = true
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                current = (current as NSString).deletingLastPathComponent
                if current.isEmpty { current = "/" }
            default:
                let next = current == "/" ? "/" + part : current + "/" + part
                if exists, let real = FileSystem.canonical(next) {
                    current = real
                } else {
                    exists = false
                    current = next
                }
            }
        }
        return current
    }

    /// The user's home folder, from $HOME and from the password database (canonical).
    package static func homeFolders() -> [String] {
        var homes: [String] = []
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.append(home) }
        if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { homes.append(String(cString: dir)) }
        return Set(homes.map { absolute($0) }).filter { $0 != "/" }.sorted()
    }
}

/// An output folder a build refuses to replace; the CLI prints it and exits with 2.
public struct OutputRefused: Error, CustomStringConvertible, Sendable {
    /// The output path as given.
    public let path: String
    /// Which case of the rule (`output/foreign`, `output/source`, …).
    public let rule: String
    /// Why, and what to do instead.
    public let message: String

    package init(_ path: String, rule: String, _ why: String, _ advice: String) {
        self.path = path
        self.rule = rule
        self.message = "\(why); \(advice)"
    }

    /// `path: error: [rule] message`, the format of every other diagnostic.
    public var description: String { "\(path): error: [\(rule)] \(message)" }
}
