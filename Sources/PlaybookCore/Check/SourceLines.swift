/// Finds the file line of something a check found in a page, when the stage that found it
/// no longer knows the line (rendered links, body text).
struct SourceLines {
    private let files: [String: ContentFile]

    init(_ files: [ContentFile]) {
        var map: [String: ContentFile] = [:]
        for f in files { map[f.path] = f }
        self.files = map
    }

    /// Files by content path, as `IncrementalBuilder` keeps them (shared, not copied).
    init(_ files: [String: ContentFile]) { self.files = files }

    /// 1-based line of the first occurrence of `needle` in content file `path` (at or after
    /// line `from`); nil when absent.
    func line(in path: String, containing needle: String, from: Int = 1) -> Int? {
        guard let bytes = files[path]?.bytes, !needle.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if n >= from && line.contains(needle) { return n }
        }
        return nil
    }
}
