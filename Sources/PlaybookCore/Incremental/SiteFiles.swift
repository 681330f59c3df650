/// The site-wide files of an incremental build (the root page, aliases, assets, type outputs,
/// the search index, the sitemap), in groups that are produced again only when their inputs may
/// have changed: one language's search index, one template page's `.eml`. Where groups write the
/// same path, the later kind wins, as in a full build (`Builder` writes them in `Kind` order);
/// all of them win over pages.
struct SiteFiles {
    enum Kind: Int, Comparable {
        case site, types, email, search, sitemap
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    struct Group: Hashable {
        let kind: Kind
        /// A language, a page URL, or "" for the one group of its kind.
        let name: String
    }

    private var groups: [Group: [String: [UInt8]]] = [:]
    /// Path → the group whose bytes it has (the highest kind that writes it).
    private var owner: [String: Group] = [:]

    var paths: Dictionary<String, Group>.Keys { owner.keys }
    func contains(_ path: String) -> Bool { owner[path] != nil }
    func bytes(_ path: String) -> [UInt8]? { owner[path].flatMap { groups[$0]?[path] } }
    func files(_ group: Group) -> [String: [UInt8]] { groups[group] ?? [:] }
    func groups(of kind: Kind) -> [Group] { groups.keys.filter { $0.kind == kind } }

    /// Makes `files` the whole of `group`; returns the paths whose bytes may have changed (not
    /// those the group already had, with the same bytes).
    mutating func replace(_ group: Group, with files: [String: [UInt8]]) -> [String] {
        let old = groups[group] ?? [:]
        groups[group] = files.isEmpty ? nil : files
        var touched: [String] = []
        for path in files.keys {
            if let o = owner[path], o != group, group.kind < o.kind { continue }
            if owner[path] == group && old[path] == files[path] { continue }
            owner[path] = group
            touched.append(path)
        }
        for path in old.keys where files[path] == nil && owner[path] == group {
            // Another group may write it too (rare: a clash); the highest one takes over.
            owner[path] = groups.filter { $0.value[path] != nil }.keys.max { $0.kind < $1.kind }
            touched.append(path)
        }
        return touched
    }

    /// Replaces every group of `kind` by `replacement` (groups not in it go).
    mutating func replaceAll(_ kind: Kind, with replacement: [Group: [String: [UInt8]]]) -> [String] {
        var touched: [String] = []
        for group in groups(of: kind) where replacement[group] == nil { touched += replace(group, with: [:]) }
        for (group, files) in replacement { touched += replace(group, with: files) }
        return touched
    }
}
