import TextFolding

/// Where a content file's page lives on the site. Pure functions of the path, so any stage
/// can compute any page's URL without the assembled site.
public enum ContentPaths {
    public enum Kind: String, Sendable { case home, section, page }

    /// "en/playbook/01-own-the-problem.md" → ("en/playbook/01-own-the-problem/", .page).
    /// URL segments are slugs (folded, lower-case), so URLs are plain ASCII for Latin scripts.
    public static func url(of path: String) -> (url: String, kind: Kind)? {
        var parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 2, let file = parts.popLast(), file.hasSuffix(".md") else { return nil }
        let dirs = parts.enumerated().map { i, d in i == 0 ? d : TextFold.slug(d) }
        if dirs.contains(where: \.isEmpty) { return nil }
        if file == "_index.md" || file == "index.md" {  // index.md: MkDocs's section page
            return (dirs.joined(separator: "/") + "/", dirs.count == 1 ? .home : .section)
        }
        let slug = TextFold.slug(String(file.dropLast(3)))
        guard !slug.isEmpty else { return nil }
        return ((dirs + [slug]).joined(separator: "/") + "/", .page)
    }

    /// The content path and language of a Markdown file at `disk` below content/: its own, or
    /// for a translation named by file (`en/guide/about.nl.md`, Hugo's default and
    /// mkdocs-static-i18n's convention) the path it would have in its language's folder
    /// ("nl/guide/about.md").
    public static func fromDisk(_ disk: String, languages: Set<String>) -> (path: String, lang: String) {
        let folderLang = String(disk.prefix { $0 != "/" })
        guard disk.hasSuffix(".md"), let slash = disk.lastIndex(of: "/") else { return (disk, folderLang) }
        let name = disk[disk.index(after: slash)...].dropLast(3)
        guard let dot = name.lastIndex(of: ".") else { return (disk, folderLang) }
        let code = String(name[name.index(after: dot)...])
        let stem = name[..<dot]
        guard languages.contains(code), !stem.isEmpty else { return (disk, folderLang) }
        let first = disk.firstIndex(of: "/")!
        let dir = first == slash ? "" : String(disk[disk.index(after: first)..<slash]) + "/"
        return (code + "/" + dir + stem + ".md", code)
    }

    /// What a page's translations share unless `translation_key` says otherwise: its URL below
    /// the language ("Guides/Set_up.md" → "guides/set-up/"), so that paths that differ only in
    /// what URLs ignore (letter case, `_` for `-`) are one page in every language, as in Hugo.
    /// An explicit key naming a file ("guide/a.md") is read the same way.
    public static func translationKey(_ languageRelative: String) -> String {
        if languageRelative.hasSuffix(".md"), let (url, _) = url(of: "x/" + languageRelative) { return String(url.dropFirst(2)) }
        return languageRelative.lowercased()
    }

    /// Output path of an asset under content/: folders slugged like page URLs, file name kept.
    public static func assetOutput(of path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        let name = parts.popLast() ?? ""
        let dirs = parts.enumerated().map { i, d in i == 0 ? d : TextFold.slug(d) }
        return (dirs + [name]).joined(separator: "/")
    }

    /// "en/playbook/x.md" → "playbook/x.md": what translations share.
    public static func languageRelative(_ path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `text` with %XX escapes decoded; nil when they are not valid UTF-8. Foundation's decoding
    /// goes through NSString, and most links have nothing to decode: they skip it.
    static func percentDecoded(_ text: String) -> String? {
        text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding : text
    }

    /// The top-level folder below the language ("en/playbook/assess/" → "playbook"); empty for
    /// a language's home.
    public static func section(ofURL url: String) -> String {
        let parts = url.utf8.split(separator: UInt8(ascii: "/"), maxSplits: 2)
        return parts.count >= 2 ? String(Substring(parts[1])) : ""
    }

    /// "../" once per folder level of `url` ("en/playbook/x/" → "../../../"; "" → "").
    /// Counts non-empty path segments on bytes: every page computes this for each of its links.
    public static func rootPrefix(of url: String) -> String {
        var depth = 0, inSegment = false
        for byte in url.utf8 {
            if byte == UInt8(ascii: "/") { inSegment = false } else if !inSegment { inSegment = true; depth += 1 }
        }
        return depth < prefixes.count ? prefixes[depth] : String(repeating: "../", count: depth)
    }
    private static let prefixes = (0..<16).map { String(repeating: "../", count: $0) }

    /// The link to a page URL from a page at `from`, ending in index.html so it also opens
    /// from disk (file://), where a folder URL shows a directory listing.
    public static func link(to url: String, from: String) -> String {
        rootPrefix(of: from) + url + "index.html"
    }

    /// Resolves `relative` against the folder of content path `path`; nil if it climbs out of content/.
    static func resolve(_ relative: String, from path: String) -> String? {
        var parts = path.split(separator: "/").map(String.init)
        parts.removeLast()
        for piece in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch piece {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }
}
