import Foundation
import TextFolding

/// Where a content file's page lives on the site. Pure functions of the path, so any stage
/// can compute any page's URL without the assembled site.
public enum ContentPaths {
    public enum Kind: String, Sendable { case home, section, page }

    /// "en/playbook/01-own-the-problem.md" → ("en/playbook/01-own-the-problem/", .page): the
    /// language folder, then each folder and the file name as a URL segment (`segment(_:)`).
    /// Files named `*.md` only; nil for anything else.
    public static func url(of path: String) -> (url: String, kind: Kind)? {
        var parts = path.pathSegments.map(String.init)
        guard parts.count >= 2, let file = parts.popLast(), file.hasSuffix(".md") else { return nil }
        let dirs = parts.enumerated().map { i, d in i == 0 ? d : segment(d) }
        if file == "_index.md" || file == "index.md" {  // index.md: MkDocs's section page
            return (dirs.joined(separator: "/") + "/", dirs.count == 1 ? .home : .section)
        }
        return ((dirs + [segment(String(file.dropLast(3)))]).joined(separator: "/") + "/", .page)
    }

    /// A page's URL with its front matter's `slug:` (replaces the file name's segment) or `url:`
    /// (the whole path below the language folder, as in Hugo; a leading `/<lang>/` is allowed).
    /// Throws a message for the author when the value cannot be a URL.
    package static func url(of path: String, slug: String?, url custom: String?) throws -> (url: String, kind: Kind)? {
        guard let (url, kind) = url(of: path) else { return nil }
        let lang = String(path.prefix { $0 != "/" })
        if kind != .page, slug != nil || custom != nil {
            throw PathProblem("`\(custom != nil ? "url" : "slug")` applies to pages; a section's or home's URL is its folder's name (rename the folder)")
        }
        if let custom {
            var pieces = custom.pathSegments.map(String.init)
            if pieces.first == lang { pieces.removeFirst() }
            if pieces.contains(where: { $0 == "." || $0 == ".." }) || custom.contains("\\") || custom.contains("://") || custom.contains("?") || custom.contains("#") {
                throw PathProblem("`url: \(custom)` must be a path below the site, such as /guide/intro/ (no `..`, query, fragment or host)")
            }
            if pieces.isEmpty { throw PathProblem("`url: \(custom)` names the language's home page; give a path such as /guide/intro/") }
            return (([lang] + pieces.map(segment)).joined(separator: "/") + "/", kind)
        }
        if let slug {
            if slug.contains("/") || slug.trimmingCharacters(in: .whitespaces).isEmpty {
                throw PathProblem("`slug: \(slug)` must be one URL segment without `/` (use `url:` for a whole path)")
            }
            var parts = url.pathSegments.map(String.init)
            parts[parts.count - 1] = segment(slug)
            return (parts.joined(separator: "/") + "/", kind)
        }
        return (url, kind)
    }

    /// Why a `slug:` or `url:` value gives no URL.
    package struct PathProblem: Error { package let message: String; package init(_ m: String) { message = m } }

    /// A file or folder name as one URL segment. The rule keeps apart the names Hugo keeps
    /// apart and stays safe in a URL, on every file system and from file://:
    /// - the name is NFC-normalized; letters and digits are folded as for search (lower case,
    ///   Latin diacritics removed: "Oceń" → "ocen"; other scripts are kept, lower-cased);
    /// - `_`, `.`, `+` and `~` are kept (`clang++`, `a_b`, `tool.sh` stay distinct from `clang`,
    ///   `a-b`, `tool-sh`); apostrophes are dropped ("don't" → "dont");
    /// - every other run of characters (spaces, `-`, other punctuation) becomes one `-`;
    /// - dots and hyphens at either end are trimmed (no hidden `.x` files, no `.` or `..`
    ///   segments, no trailing dots, which Windows drops);
    /// - a name with nothing left (`!`, `[[`, `...`) is spelled by its code points: `u21`,
    ///   `u5b-u5b`.
    public static func segment(_ name: String) -> String {
        if isSegment(name) { return name }
        // ASCII needs no normalizing (Foundation's NFC is the costly part, and most names are ASCII).
        let ascii = name.utf8.allSatisfy { $0 < 0x80 }
        let name = ascii ? name : name.precomposedStringWithCanonicalMapping
        var out = ""
        var separator = false
        for scalar in name.unicodeScalars {
            switch scalar {
            case "_", ".", "+", "~":
                if separator && !out.isEmpty { out += "-" }
                separator = false
                out.unicodeScalars.append(scalar)
            case "'", "\u{2019}":
                continue
            default:
                var folded = ""
                if TextFold.appendFolded(scalar, to: &folded) {
                    if folded.isEmpty { continue }  // a combining mark: part of the letter before
                    if separator && !out.isEmpty { out += "-" }
                    separator = false
                    out += folded
                } else {
                    separator = true
                }
            }
        }
        while let c = out.unicodeScalars.first, c == "." || c == "-" { out.unicodeScalars.removeFirst() }
        while let c = out.unicodeScalars.last, c == "." || c == "-" { out.unicodeScalars.removeLast() }
        if out.isEmpty {
            out = name.unicodeScalars.map { "u" + String($0.value, radix: 16) }.joined(separator: "-")
        }
        return ascii ? out : out.precomposedStringWithCanonicalMapping
    }

    /// Whether `name` is already what `segment` makes of it (most file names are): lower-case
    /// ASCII letters, digits and `_.+~`, single hyphens inside. Checked on bytes, because every
    /// page's URL and every link target is made of segments.
    private static func isSegment(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, let last = bytes.last,
              first != UInt8(ascii: "."), first != UInt8(ascii: "-"), last != UInt8(ascii: "."), last != UInt8(ascii: "-") else { return false }
        var previous: UInt8 = 0
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "~"): break
            case UInt8(ascii: "-"): if previous == b { return false }
            default: return false
            }
            previous = b
        }
        return true
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
    /// the language ("Guides/Setup.md" → "guides/setup/"), so that paths that differ only in
    /// letter case across languages are one page in every language, as in Hugo. An explicit
    /// key naming a file ("guide/a.md") is read the same way.
    public static func translationKey(_ languageRelative: String) -> String {
        if languageRelative.hasSuffix(".md"), let (url, _) = url(of: "x/" + languageRelative) { return String(url.dropFirst(2)) }
        return languageRelative.lowercased()
    }

    /// Output path of an asset under content/: the same path, NFC-normalized (Markdown links,
    /// raw HTML, bookmarks and links from outside all keep working).
    public static func assetOutput(of path: String) -> String { path.precomposedStringWithCanonicalMapping }

    /// "en/playbook/x.md" → "playbook/x.md": what translations share.
    public static func languageRelative(_ path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `text` with %XX escapes decoded; nil when they are not valid UTF-8. Foundation's decoding
    /// goes through NSString, and most links have nothing to decode: they skip it.
    package static func percentDecoded(_ text: String) -> String? {
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
    /// Segments are compared as bytes (`Substring == String` goes through Unicode comparison;
    /// every link of every page is resolved here).
    package static func resolve(_ relative: String, from path: String) -> String? {
        var parts = path.pathSegments
        parts.removeLast()
        for piece in relative.pathSegments {
            let bytes = piece.utf8
            if bytes.count == 1 && bytes.first == UInt8(ascii: ".") { continue }
            if bytes.count == 2 && bytes.first == UInt8(ascii: ".") && bytes.last == UInt8(ascii: ".") {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The parts of a `/`-separated path or URL, empty ones left out ("en//a/" → ["en", "a"]).
    /// Split on bytes: `String.split(separator:)` walks grapheme clusters, and paths are split for
    /// every page, link and output file.
    package var pathSegments: [Substring] {
        let whole = self[...], bytes = whole.utf8
        var parts: [Substring] = []
        var start = bytes.startIndex, i = start
        while i != bytes.endIndex {
            if bytes[i] == UInt8(ascii: "/") {
                if start != i { parts.append(whole[start..<i]) }
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if start != bytes.endIndex { parts.append(whole[start...]) }
        return parts
    }
}
