import PlaybookLoad

/// Finds the file line of something a check found in a page, when the stage that found it
/// no longer knows the line (rendered links, body text).
package struct SourceLines {
    private let files: [String: ContentFile]
    /// Where to read a file that is not in `files` (the full build keeps only the few sources
    /// the checks need whole: holding every source through the checks was a quarter of a big
    /// build's peak memory, and a report needs the lines of a handful of files).
    private let contentRoot: String?

    package init(_ files: [ContentFile], contentRoot: String? = nil) {
        var map: [String: ContentFile] = [:]
        for f in files { map[f.path] = f }
        self.files = map
        self.contentRoot = contentRoot
    }

    /// Files by content path, as `IncrementalBuilder` keeps them (shared, not copied).
    package init(_ files: [String: ContentFile]) {
        self.files = files
        contentRoot = nil
    }

    /// 1-based line of the first occurrence of `needle` in content file `path` (at or after
    /// line `from`); nil when absent.
    package func line(in path: String, containing needle: String, from: Int = 1) -> Int? {
        guard !needle.isEmpty, let bytes = files[path]?.bytes ?? contentRoot.flatMap({ try? FileSystem.read($0 + "/" + path, limit: maxPageBytes) })
        else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if n >= from && line.contains(needle) { return n }
        }
        return nil
    }
}
